// Throw-away databases for tests. The run migrates one template with the real Prisma CLI; every test
// file then gets its own copy (a file copy for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL),
// so files run in parallel without seeing each other's rows.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseTarget, sqliteFile, type DatabaseTarget } from "../app/database-target.server.mjs";
import { prisma } from "../scripts/lib/prisma-cli.mjs";

const root = path.resolve(import.meta.dirname, "..");

function uniqueName(kind: string) {
  return `cv_${kind}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(serverUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the template for this run. `requestedUrl` picks the engine (SQLite if unset). */
export async function createTemplateDatabase(requestedUrl: string | undefined): Promise<DatabaseTarget> {
  const requested = databaseTarget(requestedUrl, root);
  if (requested.provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-test-"));
    const target = databaseTarget(`file:${path.join(dir, "template.db")}`);
    prisma(root, ["migrate", "deploy"], { provider: "sqlite", url: target.url, capture: true });
    return target;
  }
  const name = uniqueName("tpl");
  await adminQuery(requested.url, `CREATE DATABASE "${name}"`);
  const target = { provider: "postgresql" as const, url: withDatabase(requested.url, name) };
  prisma(root, ["migrate", "deploy"], { provider: "postgresql", url: target.url, capture: true });
  return target;
}

export async function dropTemplateDatabase(template: DatabaseTarget) {
  if (template.provider === "sqlite") {
    fs.rmSync(path.dirname(sqliteFile(template)), { recursive: true, force: true });
    return;
  }
  await adminQuery(template.url, `DROP DATABASE IF EXISTS "${new URL(template.url).pathname.slice(1)}" WITH (FORCE)`);
}

/** A private, migrated database cloned from the template. */
export async function cloneDatabase(template: DatabaseTarget): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (template.provider === "sqlite") {
    const file = path.join(path.dirname(sqliteFile(template)), `${uniqueName("file")}.db`);
    fs.copyFileSync(sqliteFile(template), file);
    return {
      target: { provider: "sqlite", url: `file:${file}` },
      // The write-ahead log and its index live beside the file (WAL mode, see app/sqlite-adapter.server.ts).
      drop: async () => {
        for (const path of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(path, { force: true });
      },
    };
  }
  const name = uniqueName("file");
  const templateName = new URL(template.url).pathname.slice(1);
  await adminQuery(template.url, `CREATE DATABASE "${name}" TEMPLATE "${templateName}"`);
  return {
    target: { provider: "postgresql", url: withDatabase(template.url, name) },
    drop: () => adminQuery(template.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
