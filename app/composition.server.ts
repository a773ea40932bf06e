// The composition root: the one place that wires the domains to the job machinery. It builds the
// services every job handler is handed, the list of holders of personal data (in erasure order), the
// registry of job handlers and the recurring schedules. The worker, scripts and tests use it; nothing
// in a domain module imports it.
import { deriveComplianceRequest } from "./privacy/receive-request.server";
import { derivePendingDeliveries, type DeliveryDeriver } from "./webhooks/derive-deliveries.server";
import type { Logger } from "pino";
import { backupEveryMs, backupJobHandlers, scheduledBackupJob } from "./backups/jobs.server";
import { config } from "./config.server";
import { consentReceiptsHolder } from "./consent/consent-receipts-holder.server";
import { db as processDb, shopDb, type Db } from "./db.server";
import type { JobType } from "./jobs/job-definition.server";
import { QUEUE_NAMES } from "./jobs/job-definition.server";
import { queues as processQueues, type Queues } from "./jobs/queues.server";
import { reconcileOutboxHandler, reconcileOutboxJob, RECONCILE_EVERY_MS } from "./jobs/reconciliation.server";
import type { AnyJobHandler } from "./jobs/workers.server";
import type { CustomerDataHolder } from "./privacy/customer-data-holder.server";
import { personalizationJobHandlers } from "./personalization/job-handlers.server";
import { NIGHTLY_EVERY_MS, nightlyPersonalizationJob } from "./personalization/jobs.server";
import { personalizationHolder } from "./personalization/personalization-holder.server";
import { privacyJobHandlers } from "./privacy/job-handlers.server";
import { HEALTH_CHECK_EVERY_MS, privacyHealthJobHandlers, weeklyHealthCheckJob } from "./privacy-health/jobs.server";
import { storefrontLinksHolder } from "./privacy-center/storefront-links-holder.server";
import { privacyRecordsHolder } from "./privacy/privacy-records-holder.server";
import { queuedJobsHolder } from "./privacy/queued-jobs-holder.server";
import { shopJobHandlers } from "./shops/job-handlers.server";
import { PURGE_EXPIRED_SESSIONS_EVERY_MS, purgeExpiredSessionsJob, sessionJobHandlers } from "./sessions/jobs.server";
import { APPLY_RETENTION_EVERY_MS, applyRetentionJob, retentionJobHandlers } from "./retention/jobs.server";
import { shopRecordsHolder } from "./shops/shop-records-holder.server";
import { API_VERSION } from "./api-version.server";
import { shopOfflineSessions } from "./shopify.server";
import { createAdminGraphqlClient, type AdminGraphqlClient } from "./sync/admin-graphql.server";
import { syncJobHandlers } from "./sync/job-handlers.server";
import { syncHolder } from "./sync/sync-holder.server";
import { deriveSyncDelivery } from "./sync/receive-sync-webhook.server";
import { SYNC_TOPICS } from "./sync/webhook-payloads.server";
import { ROTATE_ERASURE_EPOCHS_EVERY_MS } from "./vault/erasure-epoch-rotation.server";
import { rotateErasureEpochsJob, vaultJobHandlers } from "./vault/jobs.server";
import { vaultHolder } from "./vault/vault-holder.server";
import { trackerJobHandlers } from "./trackers/job-handlers.server";
import { SCHEDULED_SCANS_EVERY_MS, scheduledScansJob } from "./trackers/jobs.server";
import { createStorefrontScanner, type StorefrontScanner } from "./trackers/storefront-scanner.server";
import { vault as processVault, type Vault } from "./vault/vault.server";

export interface AppServices {
  db: Db;
  queues: Queues;
  vault: Vault;
  holders: CustomerDataHolder[];
  storefrontScanner: StorefrontScanner;
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

/**
 * Every holder of personal data, in the order erasure runs: queued work first (jobs and sync payloads
 * not yet applied, so nothing re-creates what is being erased), then the stores, the privacy
 * module's own records last.
 */
export function customerDataHolders({ queues, redisPrefix, vault }: { queues: Queues; redisPrefix: string; vault: Vault }): CustomerDataHolder[] {
  return [queuedJobsHolder({ queues, queueNames: QUEUE_NAMES, prefix: redisPrefix }), syncHolder, vaultHolder(vault), personalizationHolder, consentReceiptsHolder, storefrontLinksHolder, shopRecordsHolder, privacyRecordsHolder];
}

export function createServices({ db, queues, vault }: { db: Db; queues: Queues; vault: Vault }): AppServices {
  const settings = config();
  return {
    db,
    queues,
    vault,
    holders: customerDataHolders({ queues, redisPrefix: settings.REDIS_PREFIX, vault }),
    storefrontScanner: createStorefrontScanner({ chromiumPath: settings.CHROMIUM_PATH }),
    // Shopify's own host unless an API proxy origin is configured (SHOPIFY_ADMIN_API_ORIGIN).
    async adminClient({ shop, log }) {
      const { accessToken } = await shopOfflineSessions.current(shop);
      return createAdminGraphqlClient({ shop, accessToken: accessToken!, apiVersion: API_VERSION, baseUrl: settings.SHOPIFY_ADMIN_API_ORIGIN, log });
    },
  };
}

/** The services of this process, built from its configuration. */
export function appServices(): AppServices {
  return createServices({ db: processDb(), queues: processQueues(), vault: processVault() });
}

/**
 * The services a job runs with: database access scoped to the job's shop when its payload names one
 * (row-level security on PostgreSQL); jobs that span shops keep the process's client.
 */
export function servicesForJob(services: AppServices, payload: unknown): AppServices {
  const shop = (payload as { shop?: unknown }).shop;
  return typeof shop === "string" ? { ...services, db: shopDb(shop) } : services;
}

/** Every job the workers run. A job name is unique within its queue. */
export const JOB_HANDLERS: readonly AnyJobHandler<AppServices>[] = [
  ...privacyJobHandlers,
  ...syncJobHandlers,
  ...vaultJobHandlers,
  ...backupJobHandlers,
  ...sessionJobHandlers,
  ...shopJobHandlers,
  ...retentionJobHandlers,
  ...personalizationJobHandlers,
  ...privacyHealthJobHandlers,
  ...trackerJobHandlers,
  reconcileOutboxHandler,
];

/** Recurring jobs, asserted by every worker at start and again periodically (idempotent). */
export const SCHEDULES: readonly { job: JobType; everyMs: number }[] = [
  { job: purgeExpiredSessionsJob, everyMs: PURGE_EXPIRED_SESSIONS_EVERY_MS },
  { job: applyRetentionJob, everyMs: APPLY_RETENTION_EVERY_MS },
  { job: reconcileOutboxJob, everyMs: RECONCILE_EVERY_MS },
  { job: rotateErasureEpochsJob, everyMs: ROTATE_ERASURE_EPOCHS_EVERY_MS },
  { job: scheduledBackupJob, everyMs: backupEveryMs() },
  { job: nightlyPersonalizationJob, everyMs: NIGHTLY_EVERY_MS },
  { job: weeklyHealthCheckJob, everyMs: HEALTH_CHECK_EVERY_MS },
  { job: scheduledScansJob, everyMs: SCHEDULED_SCANS_EVERY_MS },
];

/** What an inbox row appended by a lean webhook acknowledgement causes, by topic (derived by the relay). */
export const DELIVERY_DERIVERS: Readonly<Record<string, DeliveryDeriver>> = {
  CUSTOMERS_DATA_REQUEST: deriveComplianceRequest,
  CUSTOMERS_REDACT: deriveComplianceRequest,
  SHOP_REDACT: deriveComplianceRequest,
  ...Object.fromEntries(SYNC_TOPICS.map((topic) => [topic, deriveSyncDelivery] as const)),
};

/** The relay's first step each round: derive what appended deliveries cause, then relay it all. */
export const deriveAppendedDeliveries = (db: Db) => () => derivePendingDeliveries({ db, derivers: DELIVERY_DERIVERS });
