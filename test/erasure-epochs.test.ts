// Erasure epochs: after an erasure and its epoch rotation, nothing that remains anywhere opens the
// erased customer's data: not the old data backups once their key-store copies expire, not the key
// store file, and on PostgreSQL not the dead tuples and WAL of the live database. Each proof is paired
// with the same reader recovering the data where keys still exist, so the proofs can fail.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { runScheduledBackup } from "../app/backups/take-backup.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { readCustomer, upsertCustomer } from "../app/vault/customers.server";
import { rotateErasureEpochs } from "../app/vault/erasure-epoch-rotation.server";
import { eraseCustomer } from "../app/vault/erasure.server";
import { shopKeyContext } from "../app/vault/keys.server";
import type { Vault } from "../app/vault/vault.server";
import { postgresRawFiles, recoverCustomer } from "../harness/forensic-reader";
import { sampleCustomer, testVault } from "../harness/vault";
import { backupNow, decryptedSnapshot, everyRemainingKey, testBackupStore } from "./helpers/backups";

const synced = new Date("2025-05-01T00:00:00Z");
const DAY = 24 * 3600 * 1000;
const isPostgres = config().database.provider === "postgresql";

async function seed(vault: Vault, shop: string, customerIds: string[]) {
  for (const customerId of customerIds) await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer(customerId), sourceUpdatedAt: synced });
}

const emailOf = (customerId: string) => sampleCustomer(customerId).email!;

// The cluster's WAL is shared: while the rest of the suite writes to other databases, the segments
// since the test began hold theirs too, and the reader tries every candidate in them with every key.
const FORENSIC_READ_TIMEOUT_MS = 180_000;

describe("erasure epochs", () => {
  it("given a data backup from before an erasure, once the key-store copies from before the epoch rotation expire, then nothing that remains decrypts the erased customer in it", async () => {
    const shop = "expiry.myshopify.com";
    const vault = testVault();
    await seed(vault, shop, ["1", "2", "3"]);
    const t0 = new Date();
    const before = await backupNow(vault, t0);
    await eraseCustomer({ db: db(), vault, shop, customerId: "2" });
    await rotateErasureEpochs({ db: db(), vault });
    const snapshot = await decryptedSnapshot(vault, before.dataLocation);

    // While the key-store backup from before the rotation is kept, the old data backup still opens.
    expect(recoverCustomer({ blobs: [snapshot], shop, customerId: "2", keys: await everyRemainingKey(vault) })).toContain(emailOf("2"));

    const settings = { store: testBackupStore(), dataRetentionDays: 35, keyStoreRetentionDays: 7 };
    const later = await runScheduledBackup({ database: config().database, vault, settings, now: new Date(t0.getTime() + 8 * DAY) });

    expect(later).toMatchObject({ expiredKeyStore: 1, expiredData: 0 });
    expect(fs.existsSync(before.keyStoreLocation)).toBe(false);
    expect(fs.existsSync(before.dataLocation)).toBe(true);
    expect((await testBackupStore().list({ kind: "key-store" })).length).toBe(1);
    expect(recoverCustomer({ blobs: [snapshot], shop, customerId: "2", keys: await everyRemainingKey(vault) })).toEqual([]);
    // Past the data retention the old data backup goes, and with it the journal entries no kept backup predates.
    const muchLater = await runScheduledBackup({ database: config().database, vault, settings, now: new Date(t0.getTime() + 40 * DAY) });
    expect(muchLater).toMatchObject({ expiredData: 1, prunedJournalEntries: 1 });
    expect(fs.existsSync(before.dataLocation)).toBe(false);
    // The live customers were re-wrapped under the new epoch and read as before.
    expect((await readCustomer({ db: db(), vault: testVault(), shop, customerId: "3" }))?.email).toBe(emailOf("3"));
  });

  it("given an epoch rotation after an erasure, then the old secret is physically gone from the key-store file and other shops' epochs are untouched", async () => {
    const shop = "destroyed.myshopify.com";
    const other = "bystander.myshopify.com";
    const vault = testVault();
    await seed(vault, shop, ["1", "2"]);
    await seed(vault, other, ["1"]);
    const [old] = (await vault.epochs.liveSecrets()).filter((secret) => secret.shop === shop);
    const bystander = (await vault.epochs.liveSecrets()).filter((secret) => secret.shop === other);
    await eraseCustomer({ db: db(), vault, shop, customerId: "1" });

    const result = await rotateErasureEpochs({ db: db(), vault });

    expect(result.rotated).toEqual([{ shop, toVersion: 2, rewrapped: 1 }]);
    expect(await vault.epochs.secretOf(shop, old!.version)).toEqual({ state: "destroyed" });
    expect(await vault.journal.shopsDueForEpochRotation()).toEqual([]);
    const file = fs.readFileSync(vault.epochs.file);
    expect(file.includes(old!.secret)).toBe(false);
    expect(fs.existsSync(`${vault.epochs.file}-journal`) && fs.readFileSync(`${vault.epochs.file}-journal`).includes(old!.secret)).toBe(false);
    expect(file.includes(bystander[0]!.secret)).toBe(true);
    expect(await vault.epochs.liveSecrets()).toEqual(expect.arrayContaining(bystander));
    expect((await readCustomer({ db: db(), vault: testVault(), shop: other, customerId: "1" }))?.email).toBe(emailOf("1"));
    expect((await readCustomer({ db: db(), vault: testVault(), shop, customerId: "2" }))?.email).toBe(emailOf("2"));
  });

  it.runIf(isPostgres)("given an erasure and its epoch rotation on PostgreSQL, then a forensic read of the heap files and WAL with every remaining key recovers nothing of the erased customer", async () => {
    const shop = "forensic.myshopify.com";
    const since = Date.now();
    const vault = testVault();
    await seed(vault, shop, ["1", "2", "3", "4"]);
    await eraseCustomer({ db: db(), vault, shop, customerId: "2" });
    await rotateErasureEpochs({ db: db(), vault });
    await db().$executeRawUnsafe("CHECKPOINT");

    const raw = await postgresRawFiles(config().database.url, since);
    const keys = await everyRemainingKey(vault);

    expect(recoverCustomer({ blobs: raw, shop, customerId: "2", keys })).toEqual([]);
    // The reader works: a customer who was not erased is recovered from the same files with the same keys.
    expect(recoverCustomer({ blobs: raw, shop, customerId: "3", keys })).toContain(emailOf("3"));
  }, FORENSIC_READ_TIMEOUT_MS);

  it.runIf(isPostgres)("given a shop on a key version from before erasure epochs, then the same forensic read DOES recover an erased customer from dead tuples and WAL", async () => {
    const shop = "legacy.myshopify.com";
    const since = Date.now();
    const vault = testVault();
    // The old code path: a shop key version the epoch store has never seen wraps customer keys alone.
    const wrapped = await vault.keyProvider.wrap({ key: Buffer.alloc(32, 3), context: shopKeyContext(shop, 1) });
    await db().vaultShopKey.create({ data: { shop, version: 1, ...wrapped } });
    await seed(vault, shop, ["1", "2"]);
    await eraseCustomer({ db: db(), vault, shop, customerId: "2" });
    await rotateErasureEpochs({ db: db(), vault });
    await db().$executeRawUnsafe("CHECKPOINT");

    const raw = await postgresRawFiles(config().database.url, since);

    expect(await vault.epochs.secretOf(shop, 1)).toEqual({ state: "destroyed" });
    expect(recoverCustomer({ blobs: raw, shop, customerId: "2", keys: await everyRemainingKey(vault) })).toContain(emailOf("2"));
  }, FORENSIC_READ_TIMEOUT_MS);
});
