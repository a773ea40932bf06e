// Runs before each test file's imports: gives the file its own database and Redis key prefix, so the
// app's singletons (db(), queues()) built from the environment point at them.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { deleteRedisKeys } from "../harness/redis-keys";
import { cloneDatabase } from "../harness/test-database";

const database = await cloneDatabase(inject("templateDatabase"));
process.env.DATABASE_URL = database.target.url;
process.env.REDIS_PREFIX = `cvtest${randomBytes(4).toString("hex")}`;
// The files that live outside the main database (epoch secrets, erasure journal, backups): per file too.
const outsideDatabase = fs.mkdtempSync(path.join(os.tmpdir(), "cv-keys-"));
process.env.VAULT_KEY_STORE_PATH = path.join(outsideDatabase, "vault-key-store.db");
process.env.ERASURE_JOURNAL_PATH = path.join(outsideDatabase, "erasure-journal.db");
process.env.BACKUP_DIR = path.join(outsideDatabase, "backups");

// Privacy keys are loaded at process start in the app; here from a client of its own, without
// caching the configuration (some test files still change the environment before they import it).
{
  const { createDb } = await import("../app/db.server");
  const { loadConfig } = await import("../app/config.server");
  const { localKeyProviderFromConfig } = await import("../app/vault/key-provider.server");
  const { loadPrivacyKeys } = await import("../app/privacy/privacy-keys.server");
  const settings = loadConfig();
  const keysDb = createDb(settings.database);
  await loadPrivacyKeys({ db: keysDb, keyProvider: localKeyProviderFromConfig(settings) });
  await keysDb.$disconnect();
}

await import("./helpers/error-logs");

afterAll(async () => {
  const { disconnectDb } = await import("../app/db.server");
  const { queues } = await import("../app/jobs/queues.server");
  const { closeInboxAppender } = await import("../app/webhooks/inbox-appender.server");
  await queues().close();
  await closeInboxAppender();
  await disconnectDb();
  await database.drop();
  fs.rmSync(outsideDatabase, { recursive: true, force: true });
  await deleteRedisKeys(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", process.env.REDIS_PREFIX!);
});
