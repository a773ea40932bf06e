// A small SQLite file outside the main database, for what must not share the main database's fate:
// erasure-epoch secrets (destroyed for real, so no copy of the main database can bring them back) and
// the erasure journal (it must survive a restore of the main database). Every connection deletes
// securely (freed bytes are overwritten with zeros) and keeps the rollback journal, which is removed
// at every commit, so a destroyed value leaves no old page behind in a -wal file.
import fs from "node:fs";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";

export async function openLocalSqliteFile(file: string, schema: readonly string[]): Promise<Client> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const client = createClient({ url: `file:${file}` });
  for (const pragma of ["PRAGMA busy_timeout = 10000", "PRAGMA secure_delete = ON", "PRAGMA journal_mode = DELETE"]) await client.execute(pragma);
  for (const statement of schema) await client.execute(statement);
  return client;
}
