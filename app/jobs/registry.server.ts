// Every job the workers know how to run. A job name is unique within its queue.
import { eraseUninstalledShopJob } from "./handlers/erase-uninstalled-shop.server";
import { processPrivacyRequestJob } from "./handlers/process-privacy-request.server";
import { purgeExpiredExportsJob } from "./handlers/purge-expired-exports.server";
import { purgeExpiredSessionsJob } from "./handlers/purge-expired-sessions.server";
import { rotateShopKeyJob } from "./handlers/rotate-shop-key.server";
import { applySyncWebhookJob } from "./handlers/sync-apply-webhook.server";
import { clearUnsyncedFieldsJob } from "./handlers/sync-clear-unsynced-fields.server";
import { ingestBulkOperationJob } from "./handlers/sync-ingest-bulk.server";
import { startFullSyncJob } from "./handlers/sync-start-full.server";
import type { JobDefinition } from "./job-definition.server";

export const JOBS: readonly JobDefinition[] = [
  processPrivacyRequestJob,
  eraseUninstalledShopJob,
  purgeExpiredSessionsJob,
  purgeExpiredExportsJob,
  rotateShopKeyJob,
  applySyncWebhookJob,
  startFullSyncJob,
  ingestBulkOperationJob,
  clearUnsyncedFieldsJob,
];
