// Redis connections for queues. Workers block on Redis and must wait out outages
// (maxRetriesPerRequest: null, as BullMQ requires); producers run inside web requests and must fail
// fast instead of hanging a request, so they never share a connection with a worker.
import { Redis, type RedisOptions } from "ioredis";

export type RedisRole = "worker" | "producer";

const ROLE_OPTIONS: Record<RedisRole, RedisOptions> = {
  worker: { maxRetriesPerRequest: null, enableReadyCheck: true },
  producer: {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  },
};

/** Redis did not answer: nothing about the command itself was wrong, try again once it is back. */
export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): Redis {
  return new Redis(url, { ...ROLE_OPTIONS[role], ...extra });
}

/**
 * BullMQ keys are `<prefix>:<queue>:<suffix>`. Wrapping the queue name in a hash tag keeps every key
 * of one queue in one Redis Cluster slot (its Lua scripts touch several keys at once) while
 * different queues still spread over the cluster.
 */
export function clusterSafeQueueName(queue: string): string {
  return `{${queue}}`;
}

const pendingReady = new WeakMap<Redis, Promise<void>>();

/** One 'ready' listener per connection however many callers wait. */
function nextReady(connection: Redis): Promise<void> {
  let pending = pendingReady.get(connection);
  if (!pending) {
    pending = new Promise<void>((resolve) => connection.once("ready", () => resolve()));
    pendingReady.set(connection, pending);
    void pending.then(() => pendingReady.delete(connection));
  }
  return pending;
}

/**
 * Waits (bounded) for a connection to be usable. Producers disable ioredis' offline queue so that a
 * command fails at once while Redis is away; this covers the short window while it (re)connects.
 */
export async function whenRedisReady(connection: Redis, timeoutMs = 1_000): Promise<void> {
  if (connection.status === "ready") return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`Redis is not reachable (connection ${connection.status})`)), timeoutMs);
  });
  try {
    await Promise.race([nextReady(connection), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether a Redis server answers PING at `url` right now (one try, no retries). */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
