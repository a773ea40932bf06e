// The sync's jobs. Each calls one domain function with the services it is handed; a failure on the
// last attempt goes on the shop's sync card.
import { UnrecoverableError } from "bullmq";
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { defineJobHandler } from "../jobs/job-definition.server";
import type { Vault } from "../vault/vault.server";
import type { AdminGraphqlClient } from "./admin-graphql.server";
import { applySyncWebhook } from "./apply-webhook.server";
import { ingestPurchaseLineBackfill, isBackfillOperation } from "../personalization/purchase-line-backfill.server";
import { ingestBulkOperation, startFullSync } from "./full-sync.server";
import { applySyncWebhookJob, clearUnsyncedFieldsJob, ingestBulkOperationJob, startFullSyncJob } from "./jobs.server";
import { clearUnsyncedFields } from "./minimisation.server";
import { NoOfflineSessionError } from "../sessions/offline-session.server";
import { recordingLastFailure, recordSyncFailure } from "./sync-state.server";

interface SyncServices {
  db: Db;
  vault: Vault;
  /** An Admin API client with a current offline token for the shop. */
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

/**
 * Runs sync work that calls the Admin API. Without a usable offline token (uninstalled, access
 * revoked) no retry can help: the reason goes on the sync card and the job ends.
 */
async function withAdminClient<T>(
  { db, adminClient }: SyncServices,
  { shop, log, attempt, maxAttempts }: { shop: string; log: Logger; attempt: number; maxAttempts: number },
  work: (client: AdminGraphqlClient) => Promise<T>,
): Promise<T> {
  let client: AdminGraphqlClient;
  try {
    client = await adminClient({ shop, log });
  } catch (error) {
    if (!(error instanceof NoOfflineSessionError)) throw error;
    await recordSyncFailure({ db, shop, reason: error.message });
    throw new UnrecoverableError(error.message);
  }
  return recordingLastFailure({ db, shop, attempt, maxAttempts }, () => work(client));
}

export const syncJobHandlers = [
  defineJobHandler(applySyncWebhookJob, ({ shop, deliveryId }, { db, vault }: SyncServices, { attempt, maxAttempts }) =>
    applySyncWebhook({ db, vault, shop, deliveryId, lastAttempt: attempt >= maxAttempts }),
  ),
  defineJobHandler(startFullSyncJob, ({ shop }, services: SyncServices, run) =>
    withAdminClient(services, { shop, ...run }, (client) => startFullSync({ db: services.db, shop, client })),
  ),
  defineJobHandler(ingestBulkOperationJob, ({ shop, operationId }, services: SyncServices, run) =>
    withAdminClient(services, { shop, ...run }, async (client) =>
      // The finish webhook fires for every bulk operation: personalization's purchase-line backfill is one.
      (await isBackfillOperation({ db: services.db, shop, operationId }))
        ? ingestPurchaseLineBackfill({ db: services.db, shop, operationId, client, log: run.log })
        : ingestBulkOperation({ db: services.db, vault: services.vault, shop, operationId, client, log: run.log }),
    ),
  ),
  defineJobHandler(clearUnsyncedFieldsJob, ({ shop }, { db }: SyncServices) => clearUnsyncedFields({ db, shop })),
];
