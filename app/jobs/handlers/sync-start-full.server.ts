import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { config } from "../../config.server";
import { startFullSync } from "../../sync/full-sync.server";
import { NoOfflineSessionError, shopAdminClient } from "../../sync/shop-admin-client.server";
import { recordingLastFailure, recordSyncFailure } from "../../sync/sync-state.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

/** Starts a full sync: a bulk query whose finish webhook queues sync.ingest-bulk. */
export const startFullSyncJob = defineJob({
  queue: "sync",
  name: "sync.start-full",
  payload: z.object({ shop: z.string().min(1) }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 5 },
  async handle({ shop }, { db, log, attempt, maxAttempts }) {
    try {
      const client = await shopAdminClient({ db, shop, origin: config().SHOPIFY_ADMIN_API_ORIGIN, log });
      return await recordingLastFailure({ db, shop, attempt, maxAttempts }, () => startFullSync({ db, shop, client }));
    } catch (error) {
      if (!(error instanceof NoOfflineSessionError)) throw error;
      await recordSyncFailure({ db, shop, reason: error.message });
      throw new UnrecoverableError(error.message);
    }
  },
});
