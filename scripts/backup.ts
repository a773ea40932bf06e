// npm run backup
// Writes an encrypted, integrity-checked backup of the main database to data/ and of the erasure-epoch
// key store to key-store/ in BACKUP_DIR or the BACKUP_TARGET bucket, while web and workers keep
// running, then expires both kinds by their retention (docs/decisions/011-erasure-reaches-backups.md).
import "./lib/load-env.mjs";
import { configuredBackupStore } from "../app/backups/configured-backup-store.server";
import { runScheduledBackup } from "../app/backups/take-backup.server";
import { config } from "../app/config.server";
import { vault } from "../app/vault/vault.server";

const settings = config();
const store = configuredBackupStore(settings);
const started = performance.now();
const result = await runScheduledBackup({
  database: settings.database,
  vault: vault(),
  settings: { store, dataRetentionDays: settings.BACKUP_DATA_RETENTION_DAYS, keyStoreRetentionDays: settings.BACKUP_KEY_STORE_RETENTION_DAYS },
});
console.log(
  `backup ${result.backupId} written to ${store.describe} (${result.dataBytes} bytes of data) in ${Math.round(performance.now() - started)} ms; ` +
    `expired ${result.expiredData} data and ${result.expiredKeyStore} key-store backups`,
);
vault().epochs.close();
vault().journal.close();
