// Runs before each test file's imports: gives the file its own database and Redis key prefix, so the
// app's singletons (db(), queues()) built from the environment point at them.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, inject } from "vitest";
import { cloneDatabase } from "./helpers/test-database";

const database = await cloneDatabase(inject("templateDatabase"));
process.env.DATABASE_URL = database.target.url;
process.env.REDIS_PREFIX = `cvtest${randomBytes(4).toString("hex")}`;

afterAll(async () => {
  const { db } = await import("../app/db.server");
  const { queues } = await import("../app/jobs/queues.server");
  await queues().close();
  await db().$disconnect();
  await database.drop();
  await deleteRedisKeys(`${process.env.REDIS_PREFIX}:*`);
});

async function deleteRedisKeys(pattern: string) {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}
