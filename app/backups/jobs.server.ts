import { config } from "../config.server";
import { defineJobHandler, defineMaintenanceJobType } from "../jobs/job-definition.server";
import type { Vault } from "../vault/vault.server";
import { configuredBackupStore } from "./configured-backup-store.server";
import { runScheduledBackup } from "./take-backup.server";

/** A data backup and its key-store backup to BACKUP_DIR or the BACKUP_TARGET bucket, then both kinds expired by their retention. */
export const scheduledBackupJob = defineMaintenanceJobType("backups.scheduled-backup", { attempts: 2 });

export const backupEveryMs = () => config().BACKUP_EVERY_HOURS * 3600 * 1000;

export const backupJobHandlers = [
  defineJobHandler(scheduledBackupJob, (_payload, { vault }: { vault: Vault }) => {
    const settings = config();
    return runScheduledBackup({
      database: settings.database,
      vault,
      settings: { store: configuredBackupStore(settings), dataRetentionDays: settings.BACKUP_DATA_RETENTION_DAYS, keyStoreRetentionDays: settings.BACKUP_KEY_STORE_RETENTION_DAYS },
    });
  }),
];
