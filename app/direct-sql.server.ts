// What code writing through the database drivers directly (not Prisma) shares: connections with the
// app's SQLite settings, taking SQLite's write lock without freezing the event loop, and DateTime
// values in the form Prisma stores them, so that rows written either way compare and read alike.
// Used where Prisma's per-statement cost (query compilation, an interactive transaction per write)
// dominates: the webhook inbox and the full sync's batches.
import { setTimeout as sleep } from "node:timers/promises";
import Database from "libsql";
import type { DatabaseTarget } from "./database-target.server.mjs";
import { sqliteFile } from "./database-target.server.mjs";
import { BUSY_WAIT_MS, isBusy } from "./sqlite-adapter.server";

export type SqliteConnection = InstanceType<typeof Database>;

/** A connection with the same settings as the app's other ones (sqlite-adapter.server.ts). */
export function openSqlite(target: DatabaseTarget): SqliteConnection {
  const connection = new Database(sqliteFile(target));
  for (const pragma of ["busy_timeout = 0", "journal_mode = WAL", "synchronous = FULL", "secure_delete = ON"]) connection.pragma(pragma);
  return connection;
}

/** BEGIN IMMEDIATE, asked again on a timer while another connection holds the write lock. */
export async function beginWhenFree(connection: SqliteConnection): Promise<void> {
  const giveUpAt = Date.now() + BUSY_WAIT_MS;
  for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
    try {
      // exec finalizes the statement even when it fails, so a BUSY leaves nothing open behind.
      connection.exec("BEGIN IMMEDIATE");
      return;
    } catch (error) {
      if (!isBusy(error) || Date.now() >= giveUpAt) throw error;
    }
    await sleep(delay);
  }
}

// Prisma's SQLite client stores a DateTime as ISO 8601 text with an explicit UTC offset.
export const sqliteTime = (date: Date | null) => (date ? date.toISOString().replace("Z", "+00:00") : null);

// PostgreSQL's timestamp(3) columns hold UTC wall-clock time without a zone, as Prisma writes them.
export const postgresTime = (date: Date | null) => (date ? date.toISOString().slice(0, -1) : null);
