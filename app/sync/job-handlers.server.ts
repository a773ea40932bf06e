// The sync's jobs. Each calls one domain function with the services it is handed; a failure on the
// last attempt goes on the shop's sync card.
import { UnrecoverableError } from "bullmq";
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { defineJobHandler } from "../jobs/job-definition.server";
import type { Vault } from "../vault/vault.server";
import type { AdminGraphqlClient } from "./admin-graphql.server";
import { applySyncWebhook } from "./apply-webhook.server";
import { ingestBulkOperation, startFullSync } from "./full-sync.server";
import { applySyncWebhookJob, clearUnsyncedFieldsJob, ingestBulkOperationJob, startFullSyncJob } from "./jobs.server";
import { clearUnsyncedFields } from "./minimisation.server";
import { NoOfflineSessionError } from "./shop-admin-client.server";
import { recordingLastFailure, recordSyncFailure } from "./sync-state.server";

interface SyncServices {
  db: Db;
  vault: Vault;
  /** An Admin API client with a current offline token for the shop. */
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

export const syncJobHandlers = [
  defineJobHandler(applySyncWebhookJob, ({ shop, deliveryId }, { db, vault }: SyncServices, { attempt, maxAttempts }) =>
    applySyncWebhook({ db, vault, shop, deliveryId, lastAttempt: attempt >= maxAttempts }),
  ),
  defineJobHandler(startFullSyncJob, async ({ shop }, { db, adminClient }: SyncServices, { log, attempt, maxAttempts }) => {
    try {
      const client = await adminClient({ shop, log });
      return await recordingLastFailure({ db, shop, attempt, maxAttempts }, () => startFullSync({ db, shop, client }));
    } catch (error) {
      if (!(error instanceof NoOfflineSessionError)) throw error;
      await recordSyncFailure({ db, shop, reason: error.message });
      throw new UnrecoverableError(error.message);
    }
  }),
  defineJobHandler(ingestBulkOperationJob, ({ shop, operationId }, { db, vault, adminClient }: SyncServices, { log, attempt, maxAttempts }) =>
    recordingLastFailure({ db, shop, attempt, maxAttempts }, async () => {
      const client = await adminClient({ shop, log });
      return ingestBulkOperation({ db, vault, shop, operationId, client, log });
    }),
  ),
  defineJobHandler(clearUnsyncedFieldsJob, ({ shop }, { db }: SyncServices) => clearUnsyncedFields({ db, shop })),
];
