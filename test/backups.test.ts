// Backups and restores on the engine of the run (SQLite by default, PostgreSQL with DATABASE_URL):
// an erased customer never comes back through a restore, a tampered or foreign file is refused before
// anything is touched, and a backup taken during a burst of erasures restores consistently.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { BackupRejectedError } from "../app/backups/backup-file.server";
import { scheduledBackupJob } from "../app/backups/jobs.server";
import { assertNoPendingRestore } from "../app/backups/restore-backup.server";
import { db } from "../app/db.server";
import { readCustomer, upsertCustomer } from "../app/vault/customers.server";
import { eraseCustomer } from "../app/vault/erasure.server";
import type { Vault } from "../app/vault/vault.server";
import { sampleCustomer, testVault } from "../harness/vault";
import { backupNow, restoreNow, testBackupStore } from "./helpers/backups";
import { runJobHandler } from "./helpers/jobs";

const synced = new Date("2025-05-01T00:00:00Z");
const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

async function seed(vault: Vault, shop: string, customerIds: string[]) {
  for (const customerId of customerIds) await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer(customerId), sourceUpdatedAt: synced });
}

async function expectErased(shop: string, customerId: string) {
  const where = { shop_customerId: { shop, customerId } };
  expect(await db().customer.findUnique({ where })).toBeNull();
  expect(await db().vaultCustomerKey.findUnique({ where })).toBeNull();
  expect(await testVault().existingCipherFor({ shop, customerId })).toBeNull();
}

async function expectReadable(shop: string, customerIds: string[]) {
  const vault = testVault();
  for (const customerId of customerIds) expect((await readCustomer({ db: db(), vault, shop, customerId }))?.email).toBe(sampleCustomer(customerId).email);
}

describe("backup and restore", () => {
  it("given a backup, when a customer is erased and the backup restored, then that customer is absent and unreadable and the rest is as backed up", async () => {
    const shop = "restore-erased.myshopify.com";
    const vault = testVault();
    await seed(vault, shop, ids(1, 3));
    const backup = await backupNow(vault);
    await eraseCustomer({ db: db(), vault, shop, customerId: "2" });
    await seed(vault, shop, ["9"]);

    const result = await restoreNow(vault, backup.dataLocation);

    expect(result).toMatchObject({ backupId: backup.backupId, keyStoreBackup: true, reapplied: { customers: 1, shops: 0 } });
    await expectErased(shop, "2");
    await expectReadable(shop, ["1", "3"]);
    expect(await db().customer.count({ where: { shop, customerId: "9" } })).toBe(0);
    await expect(assertNoPendingRestore(vault.journal)).resolves.toBeUndefined();
  });

  it("given the erasure journal was lost, when a backup from before an erasure is restored after its epoch rotation, then the erased customer is still unreadable", async () => {
    const shop = "journal-lost.myshopify.com";
    const vault = testVault();
    await seed(vault, shop, ids(1, 2));
    const backup = await backupNow(vault);
    await eraseCustomer({ db: db(), vault, shop, customerId: "1" });
    const { rotateErasureEpochs } = await import("../app/vault/erasure-epoch-rotation.server");
    await rotateErasureEpochs({ db: db(), vault });
    fs.rmSync(`${backup.keyStoreLocation}`);
    // Only what the journal would have re-applied is missing: the customer's rows come back, the key cannot.
    const entries = await vault.journal.entriesAfter(new Date(0));
    expect(entries.length).toBeGreaterThan(0);
    const journalFile = vault.journal.file;
    vault.journal.close();
    fs.rmSync(journalFile);

    const result = await restoreNow(vault, backup.dataLocation);

    expect(result).toMatchObject({ keyStoreBackup: false, reapplied: { customers: 0 } });
    expect(await db().customer.count({ where: { shop, customerId: "1" } })).toBe(1);
    await expect(readCustomer({ db: db(), vault: testVault(), shop, customerId: "1" })).rejects.toThrow(/destroyed/);
    // Synced again (Shopify still has the customer), the customer starts afresh under a new key.
    await seed(testVault(), shop, ["1"]);
    expect((await readCustomer({ db: db(), vault: testVault(), shop, customerId: "1" }))?.email).toBe(sampleCustomer("1").email);
  });

  it("given a tampered, truncated, foreign or unrelated file, when restored, then it is refused with a clear reason and nothing changes", async () => {
    const shop = "tampered.myshopify.com";
    const vault = testVault();
    await seed(vault, shop, ids(1, 2));
    const { dataLocation: dataFile } = await backupNow(vault);
    await seed(vault, shop, ["3"]);
    const copy = (name: string, change: (bytes: Buffer) => Buffer) => {
      const file = `${dataFile}.${name}`;
      fs.writeFileSync(file, change(fs.readFileSync(dataFile)));
      return file;
    };
    const flipped = copy("flipped", (bytes) => {
      const changed = Buffer.from(bytes);
      changed[changed.length - 40]! ^= 1;
      return changed;
    });
    const truncated = copy("truncated", (bytes) => bytes.subarray(0, bytes.length - 30));
    const header = copy("header", (bytes) => Buffer.from(bytes.toString("latin1").replace(/"snapshotStartedAt":"\d/, '"snapshotStartedAt":"1'), "latin1"));
    const unrelated = copy("unrelated", () => Buffer.from("SQLite format 3\0 not a backup"));

    await expect(restoreNow(vault, flipped)).rejects.toThrow(/failed its integrity check/);
    await expect(restoreNow(vault, truncated)).rejects.toThrow(/truncated|integrity check/);
    await expect(restoreNow(vault, header)).rejects.toThrow(BackupRejectedError);
    await expect(restoreNow(vault, unrelated)).rejects.toThrow(/is not a Consent Vault backup/);
    await expect(restoreNow(testVault({ currentKey: Buffer.alloc(32, 9) }), dataFile)).rejects.toThrow(/made by another deployment/);

    expect(await db().customer.count({ where: { shop } })).toBe(3);
    expect(await vault.journal.pendingRestore()).toBeNull();
  });

  it("given a restore that stopped half-way, then the app refuses to start until the restore is run again", async () => {
    const vault = testVault();
    const { dataLocation: dataFile, backupId } = await backupNow(vault);
    await vault.journal.beginRestore({ backupId, snapshotStartedAt: new Date() });

    await expect(assertNoPendingRestore(vault.journal)).rejects.toThrow(new RegExp(`restore of backup ${backupId} did not finish`));
    await restoreNow(vault, dataFile);
    await expect(assertNoPendingRestore(vault.journal)).resolves.toBeUndefined();
  });

  it("given a burst of erasures, when a backup is taken while it runs and restored afterwards, then every erased customer is absent and the rest readable", async () => {
    const shop = "burst.myshopify.com";
    const vault = testVault();
    await seed(vault, shop, ids(1, 40));
    const erased = ids(1, 20);
    let started = 0;
    const burst = (async () => {
      for (const customerId of erased) {
        started++;
        await eraseCustomer({ db: db(), vault, shop, customerId });
      }
    })();
    await expect.poll(() => started, { interval: 1 }).toBeGreaterThan(5);
    const backup = await backupNow(vault);
    await burst;

    const result = await restoreNow(vault, backup.dataLocation);

    // The snapshot began mid-burst: the erasures that finished after it were re-applied from the journal.
    expect(result.reapplied.customers).toBeGreaterThan(0);
    for (const customerId of erased) await expectErased(shop, customerId);
    await expectReadable(shop, ids(21, 20));
  });

  it("given another process writing customers, when a backup is taken meanwhile, then it restores to a consistent state with every customer in it readable", async () => {
    const shop = "live-writer.myshopify.com";
    const writer = spawn(process.execPath, ["--import", "tsx", "harness/vault-writer.ts", shop, "1", "80"], { env: process.env, stdio: "ignore" });
    const exited = new Promise((resolve) => writer.once("exit", resolve));
    await expect.poll(() => db().customer.count({ where: { shop } }), { timeout: 20_000, interval: 20 }).toBeGreaterThan(5);

    const backup = await backupNow(testVault());
    expect(await exited).toBe(0);
    await restoreNow(testVault(), backup.dataLocation);

    const restored = (await db().customer.findMany({ where: { shop }, select: { customerId: true } })).map(({ customerId }) => customerId);
    expect(restored.length).toBeGreaterThan(5);
    expect(restored.length).toBeLessThan(80);
    expect(await db().vaultCustomerKey.count({ where: { shop } })).toBeGreaterThanOrEqual(restored.length);
    await expectReadable(shop, restored);
  }, 90_000);

  it("given the scheduled backup job, then it writes a data and a key-store backup to the backup folder", async () => {
    const result = await runJobHandler(scheduledBackupJob, {}, { attempt: 1, maxAttempts: 2 });

    expect(result).toMatchObject({ backupId: expect.any(String), dataBytes: expect.any(Number), expiredData: 0, expiredKeyStore: 0 });
    const { backupId } = result as { backupId: string };
    for (const kind of ["data", "key-store"] as const) {
      expect((await testBackupStore().list({ kind })).map((stored) => stored.backupId)).toContain(backupId);
    }
  });
});
