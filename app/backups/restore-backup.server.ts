// Restoring a data backup: verify it (and its key-store backup, if that has not expired) completely
// before anything is touched, record the restore as pending in the erasure journal, put the snapshot
// back, then make it safe before the app serves from it: epochs the snapshot needs are brought back
// from the key-store backup, every erasure the snapshot may predate is re-applied, and the shops
// concerned get their epochs rotated and destroyed again. Web and workers must be stopped; they refuse
// to start while a restore is pending (assertNoPendingRestore).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DatabaseTarget } from "../database-target.server.mjs";
import type { Db } from "../db.server";
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { loadPrivacyKeys } from "../privacy/privacy-keys.server";
import { rotateErasureEpochs } from "../vault/erasure-epoch-rotation.server";
import type { ErasureJournal } from "../vault/erasure-journal.server";
import type { Vault } from "../vault/vault.server";
import { BackupRejectedError, readBackupFile } from "./backup-file.server";
import { pairedKeyStorePath } from "./backup-folder.server";
import { BACKUP_EXTENSION, type BackupStore } from "./backup-store.server";
import { checkSnapshot, restoreDatabase } from "./database-snapshot.server";
import { reapplyErasures } from "./reapply-erasures.server";

interface RestoreContext {
  database: DatabaseTarget;
  db: Db;
  vault: Vault;
  holders: CustomerDataHolder[];
}

/** Restores from local files; `names` say in messages where they came from (a downloaded copy's origin). */
export async function restoreBackup({
  database,
  db,
  vault,
  holders,
  dataFile,
  keyStoreFile = pairedKeyStorePath(dataFile),
  names = { data: dataFile, keyStore: keyStoreFile },
}: RestoreContext & { dataFile: string; keyStoreFile?: string; names?: { data: string; keyStore: string } }) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cv-restore-"));
  try {
    const snapshot = path.join(work, "snapshot");
    const header = await readBackupFile({ keyProvider: vault.keyProvider, backupFile: dataFile, plainFile: snapshot, name: names.data });
    if (header.kind !== "data") throw new BackupRejectedError(`${names.data} is a ${header.kind} backup, not a data backup`);
    await checkSnapshot(header.engine, snapshot);
    let keyStoreCopy: string | null = null;
    if (fs.existsSync(keyStoreFile)) {
      keyStoreCopy = path.join(work, "key-store.db");
      const keys = await readBackupFile({ keyProvider: vault.keyProvider, backupFile: keyStoreFile, plainFile: keyStoreCopy, name: names.keyStore });
      if (keys.kind !== "key-store" || keys.backupId !== header.backupId) throw new BackupRejectedError(`${names.keyStore} is not the key-store backup of ${header.backupId}`);
    }
    await vault.journal.beginRestore({ backupId: header.backupId, snapshotStartedAt: new Date(header.snapshotStartedAt) });
    await restoreDatabase(database, header.engine, snapshot);
    return { backupId: header.backupId, keyStoreBackup: keyStoreCopy !== null, ...(await makeRestoreSafe({ db, vault, holders, keyStoreCopy })) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Restores the backup `backupId` from where backups are kept: both copies are downloaded to a
 * temporary folder first (a bucket's objects cannot be read in place), then restored as from files.
 */
export async function restoreStoredBackup({ store, backupId, ...context }: RestoreContext & { store: BackupStore; backupId: string }) {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "cv-restore-download-"));
  try {
    const dataFile = path.join(downloads, "data.cvbk");
    const keyStoreFile = path.join(downloads, "key-store.cvbk");
    const names = { data: `${store.describe}/data/${backupId}${BACKUP_EXTENSION}`, keyStore: `${store.describe}/key-store/${backupId}${BACKUP_EXTENSION}` };
    if (!(await store.fetch({ kind: "data", backupId, file: dataFile }))) throw new BackupRejectedError(`there is no data backup ${backupId} in ${store.describe}`);
    // Absent once expired: the restore then goes on without it, as from a folder.
    await store.fetch({ kind: "key-store", backupId, file: keyStoreFile });
    return await restoreBackup({ ...context, dataFile, keyStoreFile, names });
  } finally {
    fs.rmSync(downloads, { recursive: true, force: true });
  }
}

/** The steps after the snapshot is back; also what a repeated restore redoes if the first one stopped. */
async function makeRestoreSafe({ db, vault, holders, keyStoreCopy }: { db: Db; vault: Vault; holders: CustomerDataHolder[]; keyStoreCopy: string | null }) {
  const pending = await vault.journal.pendingRestore();
  if (!pending) throw new Error("no restore is pending");
  // Keys cached before the restore belong to the database that was replaced.
  vault.cache.deleteByPrefix("");
  await loadPrivacyKeys({ db, keyProvider: vault.keyProvider });
  const versions = await db.vaultShopKey.findMany({ select: { shop: true, version: true } });
  const imported = keyStoreCopy ? await vault.epochs.importFrom(keyStoreCopy, versions) : [];
  const reapplied = await reapplyErasures({ db, holders, journal: vault.journal, snapshotStartedAt: pending.snapshotStartedAt });
  // Brought-back epochs also wrap the restored copies of keys erased since: destroy them again, now.
  for (const shop of new Set(imported.map(({ shop }) => shop))) await vault.journal.markEpochDue(shop);
  const rotated = await rotateErasureEpochs({ db, vault });
  const unreadable = await customersWithoutEpoch({ db, vault });
  await vault.journal.finishRestore();
  return { reapplied, importedEpochs: imported.length, rotatedShops: rotated.shops, unreadableCustomers: unreadable };
}

/** Customers whose key's epoch is gone (the key-store backup of their time has expired): unreadable by design. */
async function customersWithoutEpoch({ db, vault }: { db: Db; vault: Vault }) {
  let count = 0;
  for (const { shop, version } of await db.vaultShopKey.findMany({ select: { shop: true, version: true } })) {
    if ((await vault.epochs.secretOf(shop, version)).state !== "destroyed") continue;
    count += await db.vaultCustomerKey.count({ where: { shop, shopKeyVersion: version } });
  }
  return count;
}

/** Web and workers call this before serving: a restore that stopped half-way must be finished first. */
export async function assertNoPendingRestore(journal: ErasureJournal) {
  const pending = await journal.pendingRestore();
  if (pending) {
    throw new Error(
      `the restore of backup ${pending.backupId} did not finish: run \`npm run restore -- <its data backup file>\` again before starting the app ` +
        "(erasures made since that backup must be re-applied first)",
    );
  }
}
