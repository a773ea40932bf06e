// Shopify's Admin GraphQL limit is a leaky bucket per app and shop: each response reports how full it
// is and how fast it refills. We remember the last report per shop so the next query can wait for
// enough points instead of spending a round trip on a THROTTLED answer.
import { z } from "zod";

export const throttleStatusSchema = z.object({
  maximumAvailable: z.number().positive(),
  currentlyAvailable: z.number().min(0),
  restoreRate: z.number().positive(),
});

export type ThrottleStatus = z.infer<typeof throttleStatusSchema>;

interface KnownBucket extends ThrottleStatus {
  observedAt: number;
}

export interface ThrottleBuckets {
  record(options: { shop: string; status: ThrottleStatus; now: number }): void;
  /** Milliseconds to wait before `cost` points are available to `shop`; 0 when unknown or enough. */
  waitFor(options: { shop: string; cost: number; now: number }): number;
}

export function createThrottleBuckets(): ThrottleBuckets {
  const buckets = new Map<string, KnownBucket>();

  return {
    record({ shop, status, now }) {
      buckets.set(shop, { ...status, observedAt: now });
    },
    waitFor({ shop, cost, now }) {
      const bucket = buckets.get(shop);
      if (!bucket) return 0;
      // A query can never need more than a full bucket; asking for more would wait forever.
      const needed = Math.min(cost, bucket.maximumAvailable);
      const restored = (bucket.restoreRate * Math.max(0, now - bucket.observedAt)) / 1000;
      const available = Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + restored);
      if (available >= needed) return 0;
      return Math.ceil(((needed - available) / bucket.restoreRate) * 1000);
    },
  };
}

/** One bucket table per process: every client talking to a shop shares what it learnt about the limit. */
export const processThrottleBuckets = createThrottleBuckets();
