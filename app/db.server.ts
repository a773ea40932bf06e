// The Prisma client for the configured engine. Both generated clients come from the same models, so
// the SQLite client's type describes either; the PostgreSQL one is used where DATABASE_URL says so.
import { SharedFileSQLite } from "./sqlite-adapter.server";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@consent-vault/prisma-postgresql";
import { PrismaClient } from "@consent-vault/prisma-sqlite";
import type { DatabaseTarget } from "./database-target.server.mjs";
import { config } from "./config.server";

export type Db = PrismaClient;
/** The client an interactive transaction hands its callback. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/**
 * A unique constraint refused the write. Checked by code, not by class: each engine's generated
 * client has its own error classes, so `instanceof` would only work for one of them.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

export function createDb(target: DatabaseTarget): Db {
  if (target.provider === "postgresql") {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: new SharedFileSQLite({ url: target.url }) });
}

// One client per process: Remix's dev server re-evaluates modules on every change, so the client is
// kept on globalThis instead of being rebuilt (and leaking connections) on each reload.
const globalForDb = globalThis as unknown as { consentVaultDb?: Db };

export function db(): Db {
  globalForDb.consentVaultDb ??= createDb(config().database);
  return globalForDb.consentVaultDb;
}
