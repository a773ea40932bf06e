// Consistent snapshots of the live main database, and putting one back.
// SQLite: VACUUM INTO copies the live file inside one read transaction (web and workers keep going;
// their commits wait for it, up to their busy timeout). PostgreSQL: pg_dump reads everything in one
// snapshot and writes a compressed custom-format archive; pg_restore puts it back in one transaction.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import { sqliteFile, type DatabaseTarget } from "../database-target.server.mjs";
import { BackupRejectedError } from "./backup-file.server";

const run = promisify(execFile);

/** pg_dump and pg_restore take libpq URLs, which know no `schema` parameter (Prisma's). */
function libpqUrl(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.delete("schema");
  return parsed.toString();
}

async function sqliteClient(file: string) {
  const client = createClient({ url: `file:${file}` });
  await client.execute("PRAGMA busy_timeout = 10000");
  return client;
}

export async function snapshotDatabase(target: DatabaseTarget, into: string): Promise<void> {
  if (target.provider === "postgresql") {
    await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${into}`, `--dbname=${libpqUrl(target.url)}`], { maxBuffer: 16 * 1024 * 1024 });
    return;
  }
  const client = await sqliteClient(sqliteFile(target));
  try {
    await client.execute({ sql: "VACUUM INTO ?", args: [into] });
  } finally {
    client.close();
  }
}

async function migrationsOf(client: ReturnType<typeof createClient>, schema = "main"): Promise<string> {
  const { rows } = await client.execute(`SELECT migration_name FROM ${schema}._prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`);
  return rows.map((row) => String(row.migration_name)).join(",");
}

/** Checks that a decrypted snapshot is what its engine can restore, before anything is touched. */
export async function checkSnapshot(engine: string, file: string): Promise<void> {
  if (engine === "postgresql") {
    await run("pg_restore", ["--list", file], { maxBuffer: 64 * 1024 * 1024 }).catch(() => {
      throw new BackupRejectedError("the backup does not hold a readable pg_dump archive");
    });
    return;
  }
  const client = await sqliteClient(file);
  try {
    const { rows } = await client.execute("PRAGMA integrity_check");
    if (rows[0]?.integrity_check !== "ok") throw new BackupRejectedError("the backup's SQLite database fails its integrity check");
  } catch (error) {
    if (error instanceof BackupRejectedError) throw error;
    throw new BackupRejectedError("the backup does not hold a readable SQLite database");
  } finally {
    client.close();
  }
}

/**
 * Replaces the live database's content with the snapshot. Stop web and workers first. SQLite: every
 * table emptied and refilled in one transaction on the same file (connections still open see the
 * restored rows), after checking both files carry the same migrations; a missing file is copied.
 */
export async function restoreDatabase(target: DatabaseTarget, engine: string, snapshot: string): Promise<void> {
  if (engine !== target.provider) throw new BackupRejectedError(`the backup is of a ${engine} database, DATABASE_URL points at ${target.provider}`);
  if (target.provider === "postgresql") {
    await run(
      "pg_restore",
      ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${libpqUrl(target.url)}`, snapshot],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return;
  }
  const file = sqliteFile(target);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(snapshot, file);
    return;
  }
  const client = await sqliteClient(file);
  try {
    await client.execute("PRAGMA secure_delete = ON");
    await client.execute("PRAGMA foreign_keys = OFF");
    await client.execute({ sql: "ATTACH DATABASE ? AS restored", args: [snapshot] });
    if ((await migrationsOf(client)) !== (await migrationsOf(client, "restored"))) {
      throw new BackupRejectedError("the backup was taken at another schema version than this database: restore it with the app version that made it, or into an empty file");
    }
    const { rows } = await client.execute("SELECT name FROM restored.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    const tables = rows.map((row) => `"${String(row.name).replaceAll('"', '""')}"`);
    await client.batch(tables.flatMap((table) => [`DELETE FROM main.${table}`, `INSERT INTO main.${table} SELECT * FROM restored.${table}`]), "write");
    await client.execute("DETACH DATABASE restored");
  } finally {
    client.close();
  }
}
