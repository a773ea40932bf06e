import { UnrecoverableError } from "bullmq";
import { z } from "zod";
import { config } from "../../config.server";
import { vault } from "../../vault/vault.server";
import { customerDataHolders } from "../../privacy/holders.server";
import { PrivacyRequestGone, processPrivacyRequest } from "../../privacy/process-request.server";
import { defineJob } from "../job-definition.server";

export const processPrivacyRequestJob = defineJob({
  queue: "privacy",
  name: "privacy.process-request",
  payload: z.object({ shop: z.string(), requestId: z.string() }).strict(),
  // 10 tries over about 17 hours (exponential from 1 minute); then the request is marked failed and
  // shown to the merchant with the reason. The legal deadline is 30 days away.
  options: {
    attempts: 10,
    backoff: { type: "exponential", delay: 60_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 90 * 24 * 3600 },
  },
  async handle({ requestId }, { db, queues, log, attempt, maxAttempts }) {
    try {
      return await processPrivacyRequest({
        db,
        holders: customerDataHolders({ queues, redisPrefix: config().REDIS_PREFIX, vault: vault() }),
        requestId,
        attempt,
        maxAttempts,
        log,
      });
    } catch (error) {
      if (error instanceof PrivacyRequestGone) throw new UnrecoverableError(error.message);
      throw error;
    }
  },
});
