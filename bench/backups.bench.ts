// Backup and restore of 100,000 customers (one order each) on the engine of DATABASE_URL (SQLite if
// unset), each next to its baseline in the same run: the bare snapshot (VACUUM INTO / pg_dump) for a
// backup, and the epoch rotation that follows an erasure (every remaining customer key re-wrapped).
// The same backup and restore through an S3-compatible bucket (s3rver on loopback) sit next to the
// folder's: what the bucket adds is signing, hashing and streaming the file, not a network.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { bucketBackupStore } from "../app/backups/backup-bucket.server";
import { folderBackupStore } from "../app/backups/backup-folder.server";
import { restoreBackup, restoreStoredBackup } from "../app/backups/restore-backup.server";
import { s3Bucket } from "../app/backups/s3-bucket.server";
import { takeBackup } from "../app/backups/take-backup.server";
import { sqliteFile, type DatabaseTarget } from "../app/database-target.server.mjs";
import { createDb, type Db } from "../app/db.server";
import { loadPrivacyKeys } from "../app/privacy/privacy-keys.server";
import { openCustomerBatchConnection, storeCustomerBatch } from "../app/vault/customer-batches.server";
import { rotateErasureEpochs } from "../app/vault/erasure-epoch-rotation.server";
import { eraseCustomer } from "../app/vault/erasure.server";
import { createKeyCache } from "../app/vault/key-cache.server";
import { createLocalKeyProvider } from "../app/vault/key-provider.server";
import type { CachedKey } from "../app/vault/keys.server";
import { createVault, type Vault } from "../app/vault/vault.server";
import { S3_CREDENTIALS, startS3Server } from "../harness/s3-server";
import { createTemplateDatabase, dropTemplateDatabase } from "../harness/test-database";
import { sampleCustomer, temporaryVaultStores } from "../harness/vault";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const NAME = "backups";
const CUSTOMERS = Number(process.env.BENCH_BACKUP_CUSTOMERS ?? 100_000);
const BATCH = 1_000;
const SHOP = "backup-bench.myshopify.com";
const synced = new Date("2025-05-01T00:00:00Z");

async function seed(target: DatabaseTarget, vault: Vault) {
  const connection = openCustomerBatchConnection(target);
  // The index keys first: a batch's customers otherwise all miss the key cache at once.
  for (const field of ["email", "phone"] as const) await vault.blindIndex({ shop: SHOP, field, normalised: "warm-up" });
  for (let start = 1; start <= CUSTOMERS; start += BATCH) {
    const customers = Array.from({ length: Math.min(BATCH, CUSTOMERS - start + 1) }, (_, i) => {
      const id = String(start + i);
      return {
        customer: sampleCustomer(id),
        sourceUpdatedAt: synced,
        orders: [{ order: { id: `o${id}`, customerId: id, totalPrice: "12.50", currency: "EUR" }, sourceUpdatedAt: synced }],
      };
    });
    await storeCustomerBatch({ connection, vault, shop: SHOP, customers });
  }
  await connection.close();
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
}

async function databaseBytes(db: Db, target: { provider: string; url: string }) {
  if (target.provider === "sqlite") return fs.statSync(sqliteFile(target as { provider: "sqlite"; url: string })).size;
  const rows = await db.$queryRawUnsafe<{ size: bigint }[]>("SELECT pg_database_size(current_database()) AS size");
  return Number(rows[0]!.size);
}

export const backupsBench: Bench = {
  name: NAME,
  async run() {
    const target = await createTemplateDatabase(process.env.DATABASE_URL);
    const engine = target.provider;
    const db = createDb(target);
    const stores = temporaryVaultStores();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-bench-backups-"));
    const vault = createVault({ db, keyProvider: createLocalKeyProvider({ currentKey: randomBytes(32) }), cache: createKeyCache<CachedKey>(), ...stores });
    try {
      await loadPrivacyKeys(vault);
      const seeded = await timed(() => seed(target, vault));
      const live = await databaseBytes(db, target);
      const backup = await timed(() => takeBackup({ database: target, vault, store: folderBackupStore({ dir }) }));
      const restore = await timed(() => restoreBackup({ database: target, db, vault, holders: [], dataFile: backup.result.dataLocation }));
      if ((await db.customer.count()) !== CUSTOMERS) throw new Error("restore lost customers");
      const s3 = await startS3Server({ bucket: "bench" });
      const bucket = bucketBackupStore({ bucket: s3Bucket({ bucket: "bench", endpoint: s3.endpoint, region: "us-east-1", pathStyle: true, ...S3_CREDENTIALS }), prefix: "" });
      const bucketBackup = await timed(() => takeBackup({ database: target, vault, store: bucket }));
      const bucketRestore = await timed(() => restoreStoredBackup({ database: target, db, vault, holders: [], store: bucket, backupId: bucketBackup.result.backupId }));
      await s3.stop();
      if ((await db.customer.count()) !== CUSTOMERS) throw new Error("restore from the bucket lost customers");
      await eraseCustomer({ db, vault, shop: SHOP, customerId: "1" });
      const rotation = await timed(() => rotateErasureEpochs({ db, vault }));
      const subject = `${CUSTOMERS.toLocaleString("en")} customers + orders, ${engine}`;
      const rows: BenchRow[] = [
        { bench: NAME, subject: `${subject}: seeding (multi-row inserts)`, metric: "time, live database size", value: `${seconds(seeded.ms)} / ${megabytes(live)}` },
        { bench: NAME, subject: `${subject}: bare snapshot, ${engine === "sqlite" ? "VACUUM INTO" : "pg_dump -Fc"} (baseline)`, metric: "time", value: seconds(backup.result.snapshotMs) },
        {
          bench: NAME,
          subject: `${subject}: npm run backup (key-store copy, snapshot, encryption of both)`,
          metric: "time, data / key-store file size",
          value: `${seconds(backup.ms)} / ${megabytes(backup.result.dataBytes)} / ${(backup.result.keyStoreBytes / 1024).toFixed(1)} KB`,
          vsBaseline: ratio(backup.ms, backup.result.snapshotMs),
        },
        { bench: NAME, subject: `${subject}: npm run restore (verify, decrypt, restore, re-apply journal)`, metric: "time", value: seconds(restore.ms), vsBaseline: ratio(restore.ms, backup.result.snapshotMs) },
        { bench: NAME, subject: `${subject}: npm run backup to an S3-compatible bucket (s3rver, loopback; vs the folder backup)`, metric: "time", value: seconds(bucketBackup.ms), vsBaseline: ratio(bucketBackup.ms, backup.ms) },
        { bench: NAME, subject: `${subject}: npm run restore from the bucket (download both, then as from files; vs the folder restore)`, metric: "time", value: seconds(bucketRestore.ms), vsBaseline: ratio(bucketRestore.ms, restore.ms) },
        {
          bench: NAME,
          subject: `${subject}: epoch rotation after one erasure (re-wrap every remaining key, destroy the old epoch)`,
          metric: "time, keys re-wrapped",
          value: `${seconds(rotation.ms)} / ${rotation.result.rewrapped}`,
        },
      ];
      return rows;
    } finally {
      await db.$disconnect();
      await dropTemplateDatabase(target);
      stores.remove();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};
