import { z } from "zod";
import { config } from "../../config.server";
import { ingestBulkOperation } from "../../sync/full-sync.server";
import { shopAdminClient } from "../../sync/shop-admin-client.server";
import { recordingLastFailure } from "../../sync/sync-state.server";
import { vault } from "../../vault/vault.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** Streams a finished bulk operation's result into the vault; a retry resumes after the stored line. */
export const ingestBulkOperationJob = defineJob({
  queue: "sync",
  name: "sync.ingest-bulk",
  payload: z.object({ shop: z.string().min(1), operationId: z.string().startsWith("gid://shopify/BulkOperation/") }).strict(),
  options: DEFAULT_JOB_OPTIONS,
  handle: ({ shop, operationId }, { db, log, attempt, maxAttempts }) =>
    recordingLastFailure({ db, shop, attempt, maxAttempts }, async () => {
      const client = await shopAdminClient({ db, shop, origin: config().SHOPIFY_ADMIN_API_ORIGIN, log });
      return ingestBulkOperation({ db, vault: vault(), shop, operationId, client, log });
    }),
});
