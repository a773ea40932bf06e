import type { Config } from "../config.server";
import { bucketBackupStore } from "./backup-bucket.server";
import { folderBackupStore } from "./backup-folder.server";
import type { BackupStore } from "./backup-store.server";
import { s3Bucket } from "./s3-bucket.server";

/** The bucket of BACKUP_TARGET when one is set, the folder BACKUP_DIR otherwise. */
export function configuredBackupStore(settings: Pick<Config, "BACKUP_DIR" | "backupBucket">): BackupStore {
  const bucket = settings.backupBucket;
  return bucket ? bucketBackupStore({ bucket: s3Bucket(bucket), prefix: bucket.prefix }) : folderBackupStore({ dir: settings.BACKUP_DIR });
}
