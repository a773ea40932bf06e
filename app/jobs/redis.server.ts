// Redis connections for queues. Workers block on Redis and must wait out outages
// (maxRetriesPerRequest: null, as BullMQ requires); producers run inside web requests and must fail
// fast instead of hanging a request, so they never share a connection with a worker.
//
// One address names either a single server (`redis://` / `rediss://`) or a Redis Cluster by some of
// its nodes (`redis+cluster://host:port,host:port`; `rediss+cluster://` for TLS): the cluster tells
// the client the rest. Every key the app writes carries a hash tag, so what one command or script
// touches together lives in one slot.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";

export type RedisRole = "worker" | "producer";

/** A connection to one Redis server or to a Redis Cluster; both speak the same commands. */
export type RedisConnection = Redis | Cluster;

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

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\/(.+)$/;

/** Whether an address (REDIS_URL) names a Redis Cluster. */
export function isClusterAddress(url: string): boolean {
  return CLUSTER_SCHEME.test(url);
}

/** The seed nodes and credentials of a `redis+cluster://[user:pass@]host:port,host:port[/]` address. */
function clusterSeeds(url: string): { nodes: { host: string; port: number }[]; tls: boolean; username?: string; password?: string } {
  const [, scheme, rest] = CLUSTER_SCHEME.exec(url)!;
  const at = rest!.lastIndexOf("@");
  const credentials = at >= 0 ? rest!.slice(0, at) : "";
  const hosts = (at >= 0 ? rest!.slice(at + 1) : rest!).replace(/\/.*$/, "");
  const [username, password] = credentials.includes(":") ? credentials.split(":", 2) : [undefined, credentials || undefined];
  const nodes = hosts.split(",").map((node) => {
    const parsed = new URL(`${scheme}://${node}`);
    return { host: parsed.hostname, port: Number(parsed.port || 6379) };
  });
  return {
    nodes,
    tls: scheme === "rediss",
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
  };
}

function createCluster(url: string, role: RedisRole, extra: RedisOptions): Cluster {
  const { nodes, tls, username, password } = clusterSeeds(url);
  const { retryStrategy, enableOfflineQueue, maxRetriesPerRequest, ...perNode } = { ...ROLE_OPTIONS[role], ...extra };
  const options: ClusterOptions = {
    redisOptions: { ...perNode, maxRetriesPerRequest, ...(tls ? { tls: {} } : {}), ...(username ? { username } : {}), ...(password ? { password } : {}) },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(retryStrategy ? { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null } : {}),
  };
  return new Cluster(nodes, options);
}

export function createRedis(url: string, role: RedisRole, extra: RedisOptions = {}): RedisConnection {
  if (isClusterAddress(url)) return createCluster(url, role, extra);
  return new Redis(url, { ...ROLE_OPTIONS[role], ...extra });
}

/**
 * Every key matching `pattern`, page by page. On a cluster each primary holds its own share of the
 * keys, so each is scanned.
 */
export async function* scanKeys(connection: RedisConnection, pattern: string): AsyncGenerator<string[]> {
  // A cluster client knows its nodes only once it has read the slot map.
  if (connection instanceof Cluster) await whenRedisReady(connection, 5_000);
  const servers = connection instanceof Cluster ? connection.nodes("master") : [connection];
  for (const server of servers) {
    let cursor = "0";
    do {
      const [next, keys] = await server.scan(cursor, "MATCH", pattern, "COUNT", 500);
      if (keys.length) yield keys;
      cursor = next;
    } while (cursor !== "0");
  }
}

/** Deletes keys one by one: a cluster refuses a multi-key DEL across slots. */
export async function deleteKeys(connection: RedisConnection, keys: readonly string[]): Promise<number> {
  const deleted = await Promise.all(keys.map((key) => connection.del(key)));
  return deleted.reduce((sum, count) => sum + count, 0);
}

/**
 * BullMQ keys are `<prefix>:<queue>:<suffix>`. Wrapping the queue name in a hash tag keeps every key
 * of one queue in one Redis Cluster slot (its Lua scripts touch several keys at once) while
 * different queues still spread over the cluster.
 */
export function clusterSafeQueueName(queue: string): string {
  return `{${queue}}`;
}

const pendingReady = new WeakMap<RedisConnection, Promise<void>>();

/** One 'ready' listener per connection however many callers wait. */
function nextReady(connection: RedisConnection): Promise<void> {
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
export async function whenRedisReady(connection: RedisConnection, timeoutMs = 1_000): Promise<void> {
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

/** Whether Redis answers PING at `url` right now (one try, no retries; for a cluster, any seed node). */
export async function redisAnswers(url: string): Promise<boolean> {
  const servers = isClusterAddress(url)
    ? clusterSeeds(url).nodes.map(({ host, port }) => new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null }))
    : [new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })];
  const answers = await Promise.all(servers.map((server) => pingOnce(server)));
  return answers.some(Boolean);
}

async function pingOnce(client: Redis): Promise<boolean> {
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
