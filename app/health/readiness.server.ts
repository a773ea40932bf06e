// Readiness: can this process serve traffic? The database must answer and carry every migration
// shipped with the code; Redis must answer a PING. Each check is bounded so a hung dependency
// makes the probe fail instead of hang.
import fs from "node:fs";
import path from "node:path";
import type { RedisConnection } from "../jobs/redis.server";
import type { Db } from "../db.server";
import { whenRedisReady } from "../jobs/redis.server";

export interface DependencyStatus {
  ok: boolean;
  latencyMs: number;
  error?: string;
  pendingMigrations?: string[];
}

export interface Readiness {
  ok: boolean;
  checks: { database: DependencyStatus; redis: DependencyStatus };
}

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<Omit<DependencyStatus, "latencyMs">>): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([check(), timeout]);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

const shipped = new Map<string, string[]>();

/** The migrations deployed with this code: read once, they cannot change while the process runs. */
function shippedMigrations(migrationsDir: string): string[] {
  let names = shipped.get(migrationsDir);
  if (!names) {
    names = fs
      .readdirSync(migrationsDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    shipped.set(migrationsDir, names);
  }
  return names;
}

export async function checkReadiness({
  db,
  redis,
  migrationsDir,
}: {
  db: Db;
  redis: RedisConnection;
  migrationsDir: string;
}): Promise<Readiness> {
  const [database, redisStatus] = await Promise.all([
    timed(async () => {
      const applied = await db.$queryRawUnsafe<{ migration_name: string }[]>(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const done = new Set(applied.map((row: { migration_name: string }) => row.migration_name));
      const pending = shippedMigrations(migrationsDir).filter((name) => !done.has(name));
      return pending.length
        ? { ok: false, error: "database is not migrated: run npm run setup", pendingMigrations: pending }
        : { ok: true };
    }),
    timed(async () => {
      await whenRedisReady(redis, CHECK_TIMEOUT_MS / 2);
      const answer = await redis.ping();
      return answer === "PONG" ? { ok: true } : { ok: false, error: `unexpected PING answer ${answer}` };
    }),
  ]);
  return { ok: database.ok && redisStatus.ok, checks: { database, redis: redisStatus } };
}

export function migrationsDirFor(provider: "sqlite" | "postgresql", root = process.cwd()): string {
  return path.join(root, "prisma", provider, "migrations");
}
