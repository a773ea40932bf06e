// The Prisma client for the configured engine. Both generated clients come from the same models, so
// the SQLite client's type describes either; the PostgreSQL one is used where DATABASE_URL says so.
import { setTimeout as sleep } from "node:timers/promises";
import { BUSY_WAIT_MS, SharedFileSQLite } from "./sqlite-adapter.server";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@consent-vault/prisma-postgresql";
import { PrismaClient } from "@consent-vault/prisma-sqlite";
import type { DatabaseTarget } from "./database-target.server.mjs";
import { config } from "./config.server";
import { APP_ROLE, scopeToShop } from "./shop-db.server";

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

// Which engine a client talks to, for the few things only SQLite needs (the write-ahead log).
const sqliteClients = new WeakSet<Db>();

/**
 * A client for the target. `role`: on PostgreSQL, the role its connections act as from the start (the
 * connecting user must be a member); unset, the connecting user's own.
 */
export function createDb(target: DatabaseTarget, { role }: { role?: string } = {}): Db {
  if (target.provider === "postgresql") {
    const options = role ? `-c role=${role}` : undefined;
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url, options }) }) as unknown as Db;
  }
  const client = new PrismaClient({ adapter: new SharedFileSQLite({ url: target.url }) });
  sqliteClients.add(client);
  return client;
}

/**
 * After an erasure, on SQLite: copy the write-ahead log into the file and cut the log to zero bytes.
 * secure_delete zeroes the erased rows in the pages, but the log still holds the pages as they were
 * before, and SQLite reuses the log without clearing it. A TRUNCATE checkpoint has to wait for readers
 * in other connections to move past the log; it is asked again on a timer (never blocking the event
 * loop) for up to BUSY_WAIT_MS. Returns whether the log is empty now. PostgreSQL has nothing to do here.
 */
export async function truncateWriteAheadLog(db: Db): Promise<boolean> {
  if (!sqliteClients.has(db)) return true;
  const giveUpAt = Date.now() + BUSY_WAIT_MS;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const [result] = await db.$queryRawUnsafe<{ busy: bigint | number }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
    if (Number(result?.busy ?? 0) === 0) return true;
    if (Date.now() >= giveUpAt) return false;
    await sleep(delay);
  }
}

// One client per process: Remix's dev server re-evaluates modules on every change, so the client is
// kept on globalThis instead of being rebuilt (and leaking connections) on each reload.
const globalForDb = globalThis as unknown as { consentVaultDb?: Db; consentVaultAppRoleDb?: Db; consentVaultShopDbs?: Map<string, Db> };

/**
 * The process's client as the connecting user, which owns the tables: for work that spans shops (the
 * relay, sweeps, the command-line tools) and for tests' fixtures. Work for one shop uses shopDb().
 */
export function db(): Db {
  globalForDb.consentVaultDb ??= createDb(config().database);
  return globalForDb.consentVaultDb;
}

/** Closes the process's connections (both clients). */
export async function disconnectDb() {
  await Promise.all([globalForDb.consentVaultDb?.$disconnect(), globalForDb.consentVaultAppRoleDb?.$disconnect()]);
}

// Scoped clients are light (a query extension over one shared client); the most recent ones are kept.
const SCOPED_CLIENTS_KEPT = 500;

/**
 * The client for work on behalf of one shop (requests from its admin, its webhooks, its storefront,
 * its jobs). On PostgreSQL it acts as the app role under row-level security with the shop set, so it
 * cannot read or write another shop's customer data even when a query forgets its shop filter. On
 * SQLite, which has no row-level security, it is the process's client.
 */
export function shopDb(shop: string): Db {
  if (config().database.provider !== "postgresql") return db();
  const scoped = (globalForDb.consentVaultShopDbs ??= new Map());
  let client = scoped.get(shop);
  if (client) {
    scoped.delete(shop);
  } else {
    globalForDb.consentVaultAppRoleDb ??= createDb(config().database, { role: APP_ROLE });
    client = scopeToShop(globalForDb.consentVaultAppRoleDb, shop);
    if (scoped.size >= SCOPED_CLIENTS_KEPT) scoped.delete(scoped.keys().next().value!);
  }
  scoped.set(shop, client);
  return client;
}
