// The erasure journal: every customer and shop erasure, recorded outside the main database so that it
// survives a restore of that database (a journal inside the backup would be as old as the backup).
// After a restore, every erasure that had not finished when the backup's snapshot began is applied
// again before the app serves traffic (app/backups/reapply-erasures.server.ts). Entries hold ids
// only (shop domain, Shopify customer and order ids), never personal values.
import type { Client } from "@libsql/client";
import { openLocalSqliteFile } from "./local-sqlite-file.server";

export type JournalEntry =
  | { seq: number; kind: "customer"; shop: string; customerId: string; orderIds: string[]; recordedAt: Date; completedAt: Date | null }
  | { seq: number; kind: "shop"; shop: string; recordedAt: Date; completedAt: Date | null };

export interface PendingRestore {
  backupId: string;
  snapshotStartedAt: Date;
}

export interface ErasureJournal {
  readonly file: string;
  recordCustomer(entry: { shop: string; customerId: string; orderIds: readonly string[] }): Promise<number>;
  recordShop(entry: { shop: string }): Promise<number>;
  /**
   * The erasure is done. A customer erasure, in the same commit, makes its shop due for an epoch
   * rotation (erasure-epoch-rotation.server.ts); a shop erasure, whose epochs are already destroyed,
   * makes it due no more.
   */
  complete(seq: number): Promise<void>;
  /** Makes a shop due for an epoch rotation now (a restore brought back epochs that wrapped erased keys). */
  markEpochDue(shop: string): Promise<void>;
  /** Shops with erasures not yet covered by an epoch rotation. */
  shopsDueForEpochRotation(): Promise<string[]>;
  /** A rotation that began at `rotationStartedAt` covers the shop's erasures completed before it. */
  epochRotated(shop: string, rotationStartedAt: Date): Promise<void>;
  /** Entries not known to be in a snapshot that began at `snapshotStartedAt`: unfinished, or finished after it. */
  entriesAfter(snapshotStartedAt: Date): Promise<JournalEntry[]>;
  /** Deletes entries completed before `before`: no kept backup can predate them. Returns how many. */
  pruneCompletedBefore(before: Date): Promise<number>;
  /** A restore in progress: set before the database is touched, cleared once its erasures are re-applied. */
  beginRestore(restore: PendingRestore): Promise<void>;
  pendingRestore(): Promise<PendingRestore | null>;
  finishRestore(): Promise<void>;
  close(): void;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS erasure (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, shop TEXT NOT NULL,
     customer_id TEXT, order_ids TEXT NOT NULL DEFAULT '[]', recorded_at INTEGER NOT NULL, completed_at INTEGER)`,
  "CREATE INDEX IF NOT EXISTS erasure_completed ON erasure (completed_at)",
  "CREATE TABLE IF NOT EXISTS epoch_due (shop TEXT PRIMARY KEY, since INTEGER NOT NULL) WITHOUT ROWID",
  "CREATE TABLE IF NOT EXISTS pending_restore (id INTEGER PRIMARY KEY CHECK (id = 1), backup_id TEXT NOT NULL, snapshot_started_at INTEGER NOT NULL)",
];

/**
 * How much earlier than its snapshot a backup may have missed a finished erasure: the clocks of the
 * process that finished it and of the one that took the snapshot may differ by this much.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

const dateOrNull = (value: unknown) => (value === null ? null : new Date(Number(value)));

const MARK_DUE = "INSERT INTO epoch_due (shop, since) VALUES (?, ?) ON CONFLICT (shop) DO UPDATE SET since = max(since, excluded.since)";

export function erasureJournal({ file }: { file: string }): ErasureJournal {
  let opened: Promise<Client> | undefined;
  const client = () => (opened ??= openLocalSqliteFile(file, SCHEMA));
  const run = async (sql: string, args: (string | number | null)[] = []) => (await client()).execute({ sql, args });
  const record = async (kind: string, shop: string, customerId: string | null, orderIds: readonly string[]) =>
    Number((await run(
      "INSERT INTO erasure (kind, shop, customer_id, order_ids, recorded_at) VALUES (?, ?, ?, ?, ?)",
      [kind, shop, customerId, JSON.stringify(orderIds), Date.now()],
    )).lastInsertRowid);

  return {
    file,
    recordCustomer: ({ shop, customerId, orderIds }) => record("customer", shop, customerId, orderIds),
    recordShop: ({ shop }) => record("shop", shop, null, []),
    async complete(seq) {
      const now = Date.now();
      const db = await client();
      const { rows } = await db.execute({ sql: "SELECT kind, shop FROM erasure WHERE seq = ?", args: [seq] });
      const entry = rows[0];
      if (!entry) return;
      // The time is taken after the deletion committed: a rotation that began before it may have
      // re-wrapped the erased key under its new version, so only a later rotation clears the shop.
      await db.batch([
        { sql: "UPDATE erasure SET completed_at = ? WHERE seq = ? AND completed_at IS NULL", args: [now, seq] },
        entry.kind === "shop"
          ? { sql: "DELETE FROM epoch_due WHERE shop = ?", args: [String(entry.shop)] }
          : { sql: MARK_DUE, args: [String(entry.shop), now] },
      ], "write");
    },
    async markEpochDue(shop) {
      await run(MARK_DUE, [shop, Date.now()]);
    },
    async shopsDueForEpochRotation() {
      return (await run("SELECT shop FROM epoch_due ORDER BY since")).rows.map((row) => String(row.shop));
    },
    async epochRotated(shop, rotationStartedAt) {
      await run("DELETE FROM epoch_due WHERE shop = ? AND since < ?", [shop, rotationStartedAt.getTime()]);
    },
    async entriesAfter(snapshotStartedAt) {
      const { rows } = await run(
        "SELECT * FROM erasure WHERE completed_at IS NULL OR completed_at >= ? ORDER BY seq",
        [snapshotStartedAt.getTime() - CLOCK_SKEW_MS],
      );
      return rows.map((row) => {
        const common = { seq: Number(row.seq), shop: String(row.shop), recordedAt: new Date(Number(row.recorded_at)), completedAt: dateOrNull(row.completed_at) };
        return row.kind === "shop"
          ? { ...common, kind: "shop" as const }
          : { ...common, kind: "customer" as const, customerId: String(row.customer_id), orderIds: JSON.parse(String(row.order_ids)) as string[] };
      });
    },
    async pruneCompletedBefore(before) {
      return (await run("DELETE FROM erasure WHERE completed_at IS NOT NULL AND completed_at < ?", [before.getTime()])).rowsAffected;
    },
    async beginRestore({ backupId, snapshotStartedAt }) {
      await run(
        "INSERT INTO pending_restore (id, backup_id, snapshot_started_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET " +
          "backup_id = excluded.backup_id, snapshot_started_at = min(snapshot_started_at, excluded.snapshot_started_at)",
        [backupId, snapshotStartedAt.getTime()],
      );
    },
    async pendingRestore() {
      const { rows } = await run("SELECT backup_id, snapshot_started_at FROM pending_restore WHERE id = 1");
      return rows[0] ? { backupId: String(rows[0].backup_id), snapshotStartedAt: new Date(Number(rows[0].snapshot_started_at)) } : null;
    },
    async finishRestore() {
      await run("DELETE FROM pending_restore WHERE id = 1");
    },
    close() {
      void opened?.then((db) => db.close());
      opened = undefined;
    },
  };
}
