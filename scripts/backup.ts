// npm run backup
// Writes an encrypted, integrity-checked backup of the main database to BACKUP_DIR/data and of the
// erasure-epoch key store to BACKUP_DIR/key-store, while web and workers keep running, then expires
// both kinds by their retention (docs/decisions/011-erasure-reaches-backups.md).
import "./lib/load-env.mjs";
import { runScheduledBackup } from "../app/backups/take-backup.server";
import { config } from "../app/config.server";
import { vault } from "../app/vault/vault.server";

const settings = config();
const started = performance.now();
const result = await runScheduledBackup({
  database: settings.database,
  vault: vault(),
  settings: { dir: settings.BACKUP_DIR, dataRetentionDays: settings.BACKUP_DATA_RETENTION_DAYS, keyStoreRetentionDays: settings.BACKUP_KEY_STORE_RETENTION_DAYS },
});
console.log(
  `backup ${result.backupId} written to ${settings.BACKUP_DIR} (${result.dataBytes} bytes of data) in ${Math.round(performance.now() - started)} ms; ` +
    `expired ${result.expiredData} data and ${result.expiredKeyStore} key-store backups`,
);
vault().epochs.close();
vault().journal.close();
