// Backups in tests: the test file's own backup folder (test/setup-file.ts), restores through every
// holder, and the keys that remain after an erasure, gathered from everywhere they can be.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readBackupFile } from "../../app/backups/backup-file.server";
import type { BackupStore } from "../../app/backups/backup-store.server";
import { configuredBackupStore } from "../../app/backups/configured-backup-store.server";
import { restoreBackup } from "../../app/backups/restore-backup.server";
import { takeBackup } from "../../app/backups/take-backup.server";
import { customerDataHolders } from "../../app/composition.server";
import { config } from "../../app/config.server";
import { db } from "../../app/db.server";
import { queues } from "../../app/jobs/queues.server";
import { erasureEpochs } from "../../app/vault/erasure-epochs.server";
import type { Vault } from "../../app/vault/vault.server";
import { snapshotBytes, type RemainingKeys } from "../../harness/forensic-reader";
import { MASTER_KEY } from "../../harness/vault";

/** The test file's backup folder. */
export const testBackupStore = () => configuredBackupStore(config());

export const backupNow = (vault: Vault, now?: Date, store = testBackupStore()) => takeBackup({ database: config().database, vault, store, ...(now ? { now } : {}) });

export const restoreNow = (vault: Vault, dataFile: string) =>
  restoreBackup({
    database: config().database,
    db: db(),
    vault,
    holders: customerDataHolders({ queues: queues(), redisPrefix: config().REDIS_PREFIX, vault }),
    dataFile,
  });

function scratch() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "cv-test-backup-"));
}

/** A data backup's snapshot as raw bytes, decrypted with the master key (what an attacker with both has). */
export async function decryptedSnapshot(vault: Vault, dataFile: string): Promise<Buffer> {
  const dir = scratch();
  try {
    const header = await readBackupFile({ keyProvider: vault.keyProvider, backupFile: dataFile, plainFile: path.join(dir, "snapshot") });
    return snapshotBytes(header.engine, path.join(dir, "snapshot"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function secretsIn(vault: Vault, store: BackupStore, backupId: string) {
  const dir = scratch();
  try {
    await store.fetch({ kind: "key-store", backupId, file: path.join(dir, "key-store.cvbk") });
    await readBackupFile({ keyProvider: vault.keyProvider, backupFile: path.join(dir, "key-store.cvbk"), plainFile: path.join(dir, "key-store.db") });
    const copy = erasureEpochs({ file: path.join(dir, "key-store.db") });
    const secrets = await copy.liveSecrets();
    copy.close();
    return secrets;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every key that remains: the master key, the live epoch secrets, and those of every key-store backup still kept. */
export async function everyRemainingKey(vault: Vault, store = testBackupStore()): Promise<RemainingKeys> {
  const epochSecrets = await vault.epochs.liveSecrets();
  for (const { backupId } of await store.list({ kind: "key-store" })) epochSecrets.push(...(await secretsIn(vault, store, backupId)));
  return { masterKeys: [MASTER_KEY], epochSecrets };
}
