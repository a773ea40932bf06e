// npm run restore -- <data backup file> [<key-store backup file>]
// npm run restore -- <backup id>       (from BACKUP_DIR or the BACKUP_TARGET bucket)
// Stop web and workers first. Verifies the backup completely (a tampered, truncated or foreign file is
// refused before anything is touched), restores it, brings back the epochs it needs from its key-store
// backup while that has not expired, re-applies every erasure made since it was taken and rotates the
// epochs of the shops concerned. The app refuses to start until this has finished.
import "./lib/load-env.mjs";
import fs from "node:fs";
import path from "node:path";
import { BackupRejectedError } from "../app/backups/backup-file.server";
import { BACKUP_EXTENSION } from "../app/backups/backup-store.server";
import { configuredBackupStore } from "../app/backups/configured-backup-store.server";
import { restoreBackup, restoreStoredBackup } from "../app/backups/restore-backup.server";
import { customerDataHolders } from "../app/composition.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { processSecurityLog, recordSecurityEvent } from "../app/security/record-security-event.server";
import { vault } from "../app/vault/vault.server";

const [backup, keyStoreFile] = process.argv.slice(2);
if (!backup) {
  console.error("Usage: npm run restore -- <BACKUP_DIR/data/….cvbk> [<key-store backup file>], or npm run restore -- <backup id> (from the BACKUP_TARGET bucket)");
  process.exit(1);
}
const settings = config();
const context = {
  database: settings.database,
  db: db(),
  vault: vault(),
  holders: customerDataHolders({ queues: queues(), redisPrefix: settings.REDIS_PREFIX, vault: vault() }),
};
try {
  const result = fs.existsSync(backup)
    ? await restoreBackup({ ...context, dataFile: path.resolve(backup), ...(keyStoreFile ? { keyStoreFile: path.resolve(keyStoreFile) } : {}) })
    : await restoreStoredBackup({ ...context, store: configuredBackupStore(settings), backupId: path.basename(backup, BACKUP_EXTENSION) });
  console.log(JSON.stringify(result));
  // Deployment-wide: counted under no shop ("*").
  recordSecurityEvent({ shop: null, kind: "backup.restored" });
  await processSecurityLog().stop();
} catch (error) {
  if (!(error instanceof BackupRejectedError)) throw error;
  console.error(`restore refused: ${error.message}`);
  process.exitCode = 2;
} finally {
  await queues().close();
  await db().$disconnect();
  vault().epochs.close();
  vault().journal.close();
}
