// The sync's job types: what webhook intake and staff actions queue. The code that runs them is in
// job-handlers.server.ts.
import { z } from "zod";
import { DEFAULT_JOB_OPTIONS, defineJobType } from "../jobs/job-definition.server";

const shop = z.string().min(1);

/** Applies one received customer/order webhook to the vault (the payload stays sealed in the inbox). */
export const applySyncWebhookJob = defineJobType({
  queue: "sync",
  name: "sync.apply-webhook",
  payload: z.object({ shop, deliveryId: z.string().min(1) }).strict(),
  options: DEFAULT_JOB_OPTIONS,
});

/** Starts a full sync: a bulk query whose finish webhook queues sync.ingest-bulk. */
export const startFullSyncJob = defineJobType({
  queue: "sync",
  name: "sync.start-full",
  payload: z.object({ shop }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 5 },
});

/** Streams a finished bulk operation's result into the vault; a retry resumes after the stored line. */
export const ingestBulkOperationJob = defineJobType({
  queue: "sync",
  name: "sync.ingest-bulk",
  payload: z.object({ shop, operationId: z.string().startsWith("gid://shopify/BulkOperation/") }).strict(),
  options: DEFAULT_JOB_OPTIONS,
});

/** After the merchant turned a field off: clears it from every stored customer of the shop. */
export const clearUnsyncedFieldsJob = defineJobType({
  queue: "sync",
  name: "sync.clear-unsynced-fields",
  payload: z.object({ shop }).strict(),
  options: DEFAULT_JOB_OPTIONS,
});
