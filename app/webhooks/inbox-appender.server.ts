// The webhook acknowledgement's only write: one inbox row per delivery, straight through the driver.
// Through Prisma an insert costs a query compilation and an interactive transaction (about 1.5 ms of
// CPU per statement here); this path is the one Shopify floods, so it uses prepared statements and
// commits concurrent appends together (group commit): every append that arrives while a commit is
// being prepared or written joins the next one, so a burst costs one log flush per batch, not per
// webhook. A delivery id seen before is a duplicate (ON CONFLICT DO NOTHING), whatever batch it was in.
// Everything the delivery causes is derived from the row later (derive-deliveries.server.ts).
import os from "node:os";
import pg from "pg";
import { config } from "../config.server";
import type { DatabaseTarget } from "../database-target.server.mjs";
import { beginWhenFree, openSqlite, postgresTime, sqliteTime } from "../direct-sql.server";

export interface InboxRow {
  id: string;
  shop: string;
  topic: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  sealedPayload: string | null;
  subjectRef: string | null;
}

export type AppendOutcome = "accepted" | "duplicate";

export interface InboxAppender {
  append(row: InboxRow): Promise<AppendOutcome>;
  close(): Promise<void>;
}

/** Most rows one commit carries; a larger burst is split over consecutive commits. */
const MAX_BATCH = 256;

interface Waiting {
  row: InboxRow;
  resolve(outcome: AppendOutcome): void;
  reject(error: unknown): void;
}

/**
 * Collects appends and hands them to `commit` in batches, one commit at a time: the first append
 * starts a commit on the next turn of the event loop, and whatever arrives meanwhile goes in the next.
 */
function groupCommit(commit: (rows: InboxRow[]) => Promise<boolean[]>) {
  let waiting: Waiting[] = [];
  let running: Promise<void> | null = null;
  const drain = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    while (waiting.length > 0) {
      const batch = waiting.slice(0, MAX_BATCH);
      waiting = waiting.slice(batch.length);
      try {
        const inserted = await commit(batch.map((entry) => entry.row));
        batch.forEach((entry, i) => entry.resolve(inserted[i] ? "accepted" : "duplicate"));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    running = null;
  };
  return (row: InboxRow) =>
    new Promise<AppendOutcome>((resolve, reject) => {
      waiting.push({ row, resolve, reject });
      running ??= drain();
    });
}

const COLUMNS = `"id", "shop", "topic", "triggeredAt", "receivedAt", "sealedPayload", "subjectRef", "pendingEffects"`;

function sqliteAppender(target: DatabaseTarget): InboxAppender {
  const db = openSqlite(target);
  const insert = db.prepare(`INSERT INTO "WebhookDelivery" (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT ("id") DO NOTHING`);
  const append = groupCommit(async (rows) => {
    await beginWhenFree(db);
    try {
      const inserted = rows.map(
        (row) => insert.run(row.id, row.shop, row.topic, sqliteTime(row.triggeredAt), sqliteTime(row.receivedAt), row.sealedPayload, row.subjectRef).changes === 1,
      );
      db.exec("COMMIT");
      return inserted;
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw error;
    }
  });
  return {
    append,
    close: async () => {
      db.close();
    },
  };
}

function postgresAppender(target: DatabaseTarget): InboxAppender {
  // One connection per core: more only queue inside PostgreSQL on this machine's CPUs.
  const pool = new pg.Pool({ connectionString: target.url, max: os.availableParallelism() });
  // An idle connection the server dropped is replaced on next use; without a listener it would crash the process.
  pool.on("error", () => {});
  const append = groupCommit(async (rows) => {
    const values = rows.map((_, i) => `($${i * 7 + 1}, $${i * 7 + 2}, $${i * 7 + 3}, $${i * 7 + 4}, $${i * 7 + 5}, $${i * 7 + 6}, $${i * 7 + 7}, true)`).join(", ");
    const result = await pool.query<{ id: string }>({
      // Named, so each batch size is parsed and planned once per connection.
      name: `inbox-append-${rows.length}`,
      text: `INSERT INTO "WebhookDelivery" (${COLUMNS}) VALUES ${values} ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
      values: rows.flatMap((row) => [row.id, row.shop, row.topic, postgresTime(row.triggeredAt), postgresTime(row.receivedAt), row.sealedPayload, row.subjectRef]),
    });
    const inserted = new Set(result.rows.map((row) => row.id));
    // Two deliveries with one id in the same batch: the first is the one inserted.
    const seen = new Set<string>();
    return rows.map((row) => {
      const first = inserted.has(row.id) && !seen.has(row.id);
      seen.add(row.id);
      return first;
    });
  });
  return { append, close: () => pool.end() };
}

export function createInboxAppender(target: DatabaseTarget): InboxAppender {
  return target.provider === "postgresql" ? postgresAppender(target) : sqliteAppender(target);
}

// One appender per process, like the Prisma client (db.server.ts), kept across dev-server reloads.
const globalForInbox = globalThis as unknown as { consentVaultInbox?: InboxAppender };

export function inboxAppender(): InboxAppender {
  globalForInbox.consentVaultInbox ??= createInboxAppender(config().database);
  return globalForInbox.consentVaultInbox;
}

/** Closes this process's appender, if one was opened (shutdown, end of a test file). */
export async function closeInboxAppender() {
  const appender = globalForInbox.consentVaultInbox;
  globalForInbox.consentVaultInbox = undefined;
  await appender?.close();
}
