// npm run restore -- <data backup file> [<key-store backup file>]
// Stop web and workers first. Verifies the backup completely (a tampered, truncated or foreign file is
// refused before anything is touched), restores it, brings back the epochs it needs from its key-store
// backup while that has not expired, re-applies every erasure made since it was taken and rotates the
// epochs of the shops concerned. The app refuses to start until this has finished.
import "./lib/load-env.mjs";
import path from "node:path";
import { BackupRejectedError } from "../app/backups/backup-file.server";
import { restoreBackup } from "../app/backups/restore-backup.server";
import { customerDataHolders } from "../app/composition.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { processSecurityLog, recordSecurityEvent } from "../app/security/record-security-event.server";
import { vault } from "../app/vault/vault.server";

const [dataFile, keyStoreFile] = process.argv.slice(2);
if (!dataFile) {
  console.error("Usage: npm run restore -- <BACKUP_DIR/data/….cvbk> [<key-store backup file>]");
  process.exit(1);
}
const settings = config();
try {
  const result = await restoreBackup({
    database: settings.database,
    db: db(),
    vault: vault(),
    holders: customerDataHolders({ queues: queues(), redisPrefix: settings.REDIS_PREFIX, vault: vault() }),
    dataFile: path.resolve(dataFile),
    ...(keyStoreFile ? { keyStoreFile: path.resolve(keyStoreFile) } : {}),
  });
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
