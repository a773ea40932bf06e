// One backup: a data backup of the main database and, beside it but in its own folder with its own
// short retention, a key-store backup of the erasure-epoch secrets that data needs. The key-store copy
// is taken before the snapshot and topped up after it, so it holds every epoch the snapshot refers to.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { DatabaseTarget } from "../database-target.server.mjs";
import type { Vault } from "../vault/vault.server";
import { writeBackupFile } from "./backup-file.server";
import { expireBackups, newBackupId, type BackupStore } from "./backup-store.server";
import { snapshotDatabase } from "./database-snapshot.server";

export interface BackupSettings {
  store: BackupStore;
  dataRetentionDays: number;
  keyStoreRetentionDays: number;
}

export async function takeBackup({ database, vault, store, now = new Date() }: { database: DatabaseTarget; vault: Pick<Vault, "keyProvider" | "epochs">; store: BackupStore; now?: Date }) {
  const backupId = newBackupId(now);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "cv-backup-"));
  try {
    const keyStoreCopy = path.join(work, "key-store.db");
    const snapshot = path.join(work, "snapshot");
    await vault.epochs.copyInto(keyStoreCopy);
    const snapshotStartedAt = new Date();
    const startedMs = performance.now();
    await snapshotDatabase(database, snapshot);
    const snapshotMs = performance.now() - startedMs;
    await vault.epochs.copyInto(keyStoreCopy);

    const common = { backupId, createdAt: now.toISOString(), snapshotStartedAt: snapshotStartedAt.toISOString() };
    const dataFile = path.join(work, "data.cvbk");
    const keyStoreFile = path.join(work, "key-store.cvbk");
    const data = await writeBackupFile({ keyProvider: vault.keyProvider, plainFile: snapshot, backupFile: dataFile, header: { ...common, kind: "data", engine: database.provider } });
    const keys = await writeBackupFile({ keyProvider: vault.keyProvider, plainFile: keyStoreCopy, backupFile: keyStoreFile, header: { ...common, kind: "key-store", engine: "none" } });
    // The key-store copy first: a data backup stored without it could not be read for epoch-wrapped customers.
    const keyStore = await store.put({ kind: "key-store", backupId, file: keyStoreFile });
    const dataStored = await store.put({ kind: "data", backupId, file: dataFile });
    return { backupId, dataLocation: dataStored.location, keyStoreLocation: keyStore.location, dataBytes: data.bytes, keyStoreBytes: keys.bytes, snapshotMs: Math.round(snapshotMs) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * What the scheduled job runs: a backup, then the expiry of both kinds by their own retention, and of
 * the journal entries older than every data backup kept (a day's margin), which no restore can need.
 */
export async function runScheduledBackup({ database, vault, settings, now = new Date() }: { database: DatabaseTarget; vault: Pick<Vault, "keyProvider" | "epochs" | "journal">; settings: BackupSettings; now?: Date }) {
  const backup = await takeBackup({ database, vault, store: settings.store, now });
  const expiredData = await expireBackups({ store: settings.store, kind: "data", retentionDays: settings.dataRetentionDays, now });
  const expiredKeyStore = await expireBackups({ store: settings.store, kind: "key-store", retentionDays: settings.keyStoreRetentionDays, now });
  const prunedJournalEntries = await vault.journal.pruneCompletedBefore(new Date(now.getTime() - (settings.dataRetentionDays + 1) * DAY_MS));
  return { backupId: backup.backupId, location: backup.dataLocation, dataBytes: backup.dataBytes, expiredData, expiredKeyStore, prunedJournalEntries };
}

const DAY_MS = 24 * 3600 * 1000;
