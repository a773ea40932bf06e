import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { createDb, db } from "../app/db.server";
import { checkReadiness, migrationsDirFor } from "../app/health/readiness.server";
import { createRedis } from "../app/jobs/redis.server";
import { loader as healthz } from "../app/routes/healthz";
import { loader as readyz } from "../app/routes/readyz";

const migrationsDir = () => migrationsDirFor(config().database.provider);

describe("health", () => {
  it("given the process is up, then /healthz answers 200", async () => {
    const response = healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("given a migrated database and a reachable Redis, then /readyz answers 200 with each dependency ok", async () => {
    const response = await readyz();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ status: "ready", checks: { database: { ok: true }, redis: { ok: true } } });
  });

  it("given Redis is down, then readiness fails on Redis with the reason and the database still reports ok", async () => {
    // Nothing listens on port 1: this is what the app sees when Redis is stopped.
    const deadRedis = createRedis("redis://127.0.0.1:1", "producer");
    deadRedis.on("error", () => {});
    try {
      const readiness = await checkReadiness({ db: db(), redis: deadRedis, migrationsDir: migrationsDir() });
      expect(readiness.ok).toBe(false);
      expect(readiness.checks.database.ok).toBe(true);
      expect(readiness.checks.redis).toMatchObject({ ok: false, error: expect.stringContaining("Redis is not reachable") });
    } finally {
      deadRedis.disconnect();
    }
  });

  it("given a database without the shipped migrations, then readiness names the pending ones", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-empty-"));
    const empty = createDb({ provider: "sqlite", url: `file:${path.join(dir, "empty.db")}` });
    await empty.$executeRawUnsafe(
      `CREATE TABLE "_prisma_migrations" (migration_name TEXT, finished_at DATETIME, rolled_back_at DATETIME)`,
    );
    const redis = createRedis(config().REDIS_URL, "producer");
    try {
      const readiness = await checkReadiness({ db: empty, redis, migrationsDir: migrationsDirFor("sqlite") });
      expect(readiness.ok).toBe(false);
      expect(readiness.checks.database.pendingMigrations).toEqual(fs.readdirSync(migrationsDirFor("sqlite")).filter((n) => !n.endsWith(".toml")));
    } finally {
      redis.disconnect();
      await empty.$disconnect();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
