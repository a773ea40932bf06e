// Looks for synced personal data in the raw storage the app writes to: the SQLite file's bytes (or
// every row of every PostgreSQL table as text) and every Redis key of this test file's prefix.
import fs from "node:fs";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { sqliteFile } from "../database-target.server.mjs";
import { personalValues, sampleCustomer } from "../../harness/vault";
import { config } from "../config.server";
import { db } from "../db.server";
import { rotateShopKeyJob, vaultJobHandlers } from "./jobs.server";
import { startTestWorkers } from "../../test/helpers/jobs";
import { enqueue, queues } from "../jobs/queues.server";
import { upsertCustomer } from "./customers.server";
import { upsertOrder } from "./orders.server";
import { startShopKeyRotation } from "./shop-key-rotation.server";
import { vault } from "./vault.server";

const SHOPS = ["alpha.myshopify.com", "bravo.myshopify.com"];
const synced = new Date("2025-05-01T00:00:00Z");
const redis = new Redis(config().REDIS_URL);
afterAll(() => redis.disconnect());

async function databaseText(): Promise<string> {
  const target = config().database;
  if (target.provider === "sqlite") {
    const file = sqliteFile(target);
    return [file, `${file}-wal`].filter(fs.existsSync).map((path) => fs.readFileSync(path).toString("latin1")).join("\n");
  }
  const tables = await db().$queryRawUnsafe<{ name: string }[]>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const rows = await Promise.all(tables.map(({ name }) => db().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${name}" t`)));
  return rows.flat().map(({ row }) => row).join("\n");
}

async function redisText(): Promise<string> {
  const keys = await redis.keys(`${config().REDIS_PREFIX}:*`);
  const values = await Promise.all(keys.map(async (key) => {
    const type = await redis.type(key);
    if (type === "string") return redis.get(key);
    if (type === "hash") return redis.hgetall(key);
    if (type === "list") return redis.lrange(key, 0, -1);
    if (type === "set") return redis.smembers(key);
    if (type === "zset") return redis.zrange(key, 0, -1);
    if (type === "stream") return redis.xrange(key, "-", "+");
    return type;
  }));
  return JSON.stringify([keys, values]);
}

describe("no plaintext at rest", () => {
  it("given synced customers, orders and a key rotation job, then no email, phone or name appears in the database or Redis", async () => {
    const customers = ["1", "2", "3"].map((id) => sampleCustomer(id));
    for (const shop of SHOPS) {
      for (const customer of customers) {
        await upsertCustomer({ db: db(), vault: vault(), shop, customer, sourceUpdatedAt: synced });
        await upsertOrder({ db: db(), shop, order: { id: `o${customer.id}`, customerId: customer.id, totalPrice: "9.99", currency: "EUR", lineItems: [] }, sourceUpdatedAt: synced });
      }
    }
    startTestWorkers({ jobs: vaultJobHandlers, concurrency: 1 });
    const { rotationId } = await startShopKeyRotation({ db: db(), vault: vault(), shop: SHOPS[0]! });
    const job = await enqueue(queues(), rotateShopKeyJob, { shop: SHOPS[0]!, rotationId });
    // Polled rather than awaited through a QueueEvents stream, which misses a finish before its first read.
    await expect.poll(() => job.getState(), { timeout: 30_000, interval: 100 }).toBe("completed");

    const [stored, queued] = [await databaseText(), await redisText()];

    // The scans do see what is stored in plaintext on purpose (the shop domain, the amounts)...
    expect(stored).toContain(SHOPS[1]);
    expect(stored).toContain("9.99");
    expect(queued).toContain(SHOPS[0]);
    // ...and none of the personal values, in any case.
    for (const value of customers.flatMap(personalValues)) {
      for (const form of [value, value.toLowerCase()]) {
        expect(stored, `database holds "${form}"`).not.toContain(form);
        expect(queued, `Redis holds "${form}"`).not.toContain(form);
      }
    }
  });
});
