// A fixed-window request counter in Redis: one INCR per key and window, the key expiring with the
// window. Keys live under `<prefix>:shop:{<shop>}:` so a shop's erasure removes them and all keys of
// one shop share a Redis Cluster slot (the counters of one request go in one MULTI).
import type { RedisConnection } from "../jobs/redis.server";

export interface RateLimit {
  /** What is counted, e.g. "consent-id"; part of the key. */
  name: string;
  /** The counted value (already free of personal data in clear, e.g. a keyed hash). */
  value: string;
  limit: number;
  windowMs: number;
}

export type RateDecision = { limited: false } | { limited: true; name: string; retryAfterSeconds: number };

export function rateLimitKey({ prefix, shop, name, value, window }: { prefix: string; shop: string; name: string; value: string; window: number }) {
  return `${prefix}:shop:{${shop}}:rate:${name}:${value}:${window}`;
}

/** Counts one request against every limit; limited when any of them is over. */
export async function countRequest({
  redis,
  prefix,
  shop,
  limits,
  now = Date.now(),
}: {
  redis: RedisConnection;
  prefix: string;
  shop: string;
  limits: RateLimit[];
  now?: number;
}): Promise<RateDecision> {
  const transaction = redis.multi();
  for (const { name, value, windowMs } of limits) {
    const key = rateLimitKey({ prefix, shop, name, value, window: Math.floor(now / windowMs) });
    transaction.incr(key).pexpire(key, windowMs);
  }
  const replies = await transaction.exec();
  if (!replies) throw new Error("rate limit transaction was aborted");
  for (const [index, { name, limit, windowMs }] of limits.entries()) {
    const [error, count] = replies[index * 2]!;
    if (error) throw error;
    if ((count as number) > limit) {
      return { limited: true, name, retryAfterSeconds: Math.ceil((windowMs - (now % windowMs)) / 1000) };
    }
  }
  return { limited: false };
}
