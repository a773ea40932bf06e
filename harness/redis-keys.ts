import { createRedis, deleteKeys, scanKeys } from "../app/jobs/redis.server";

/** Deletes every key under `prefix` (a test file's or a benchmark's own namespace). */
export async function deleteRedisKeys(redisUrl: string, prefix: string) {
  const redis = createRedis(redisUrl, "producer", { enableOfflineQueue: true });
  try {
    for await (const keys of scanKeys(redis, `${prefix}:*`)) await deleteKeys(redis, keys);
  } finally {
    redis.disconnect();
  }
}
