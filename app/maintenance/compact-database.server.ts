// Deleted rows do not leave a SQLite file by themselves: their bytes stay in free pages and free
// blocks until overwritten, so an erased person could still be read from the file (or a copy of
// it). VACUUM rewrites the file with live rows only. PostgreSQL never shows deleted rows in a dump,
// and its autovacuum reclaims their space, so there is nothing to do there.
import type { Db } from "../db.server";

export async function compactDatabase({ db, provider }: { db: Db; provider: "sqlite" | "postgresql" }) {
  if (provider !== "sqlite") return { compacted: false };
  await db.$executeRawUnsafe("VACUUM");
  return { compacted: true };
}
