// The tracker scanner's job types: one shop's storefront scan (payload: the shop only) on its own
// queue, since a browser scan takes seconds per page and must not hold up other work, and the daily
// schedule that queues a scan for every installed shop.
import { z } from "zod";
import type { Tx } from "../db.server";
import { defineJobType, defineMaintenanceJobType } from "../jobs/job-definition.server";
import { addToOutbox } from "../jobs/outbox.server";

export const scanStorefrontJob = defineJobType({
  queue: "trackers",
  name: "trackers.scan-storefront",
  payload: z.object({ shop: z.string().min(1) }).strict(),
  options: {
    attempts: 3,
    backoff: { type: "exponential", delay: 60_000 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
    removeOnFail: { age: 30 * 24 * 3600, count: 500 },
  },
});

export const scheduledScansJob = defineMaintenanceJobType("trackers.scheduled-scans");
export const SCHEDULED_SCANS_EVERY_MS = 24 * 3600 * 1000;

/**
 * Queues a scan of the shop through the outbox, in the caller's transaction. One scan per shop at a
 * time: a merchant's second click while one waits or runs is folded into it (BullMQ deduplication).
 */
export function queueStorefrontScan(tx: Pick<Tx, "outboxMessage">, shop: string) {
  return addToOutbox(tx, { shop, job: scanStorefrontJob, payload: { shop }, options: { deduplication: { id: `scan|${shop}` } } });
}
