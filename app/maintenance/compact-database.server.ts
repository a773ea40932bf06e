// Deleted rows must not linger in the SQLite files. The connections run with secure_delete, so a
// delete overwrites the row's bytes in the database pages, but in WAL mode the pages as they were
// before stay in the -wal file until a checkpoint copies the new versions back and truncates it.
// This job runs that checkpoint after every erasure. PostgreSQL never shows deleted rows in a dump
// and its autovacuum reclaims their space, so there is nothing to do there.
import type { Db } from "../db.server";

export class CheckpointBlocked extends Error {}

export async function compactDatabase({ db, provider }: { db: Db; provider: "sqlite" | "postgresql" }) {
  if (provider !== "sqlite") return { checkpointed: false };
  const [result] = await db.$queryRawUnsafe<{ busy: number | bigint }[]>("PRAGMA wal_checkpoint(TRUNCATE)");
  // A reader still holding old pages blocks the truncation; the job retries until it goes through.
  if (Number(result?.busy ?? 0) !== 0) throw new CheckpointBlocked("a reader blocked the WAL checkpoint; retrying");
  return { checkpointed: true };
}
