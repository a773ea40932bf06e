// Backups in an S3-compatible bucket: <prefix>data/<id>.cvbk and <prefix>key-store/<id>.cvbk.
//
// A versioned bucket keeps every deleted or overwritten object as an older version: an expired
// key-store copy would survive there, and erasure would no longer reach the backups. So the store
// refuses to write to or delete from a bucket whose versioning is, or ever was, enabled (decision 011).
import type { BackupKind } from "./backup-file.server";
import { BACKUP_EXTENSION, storedBackupOf, type BackupStore } from "./backup-store.server";
import type { S3Bucket } from "./s3-bucket.server";

export function bucketBackupStore({ bucket, prefix }: { bucket: S3Bucket; prefix: string }): BackupStore {
  const keyOf = (kind: BackupKind, backupId: string) => `${prefix}${kind}/${backupId}${BACKUP_EXTENSION}`;
  let versioningChecked: Promise<void> | undefined;
  const assertUnversioned = () =>
    (versioningChecked ??= bucket.versioning().then((status) => {
      if (status === "Off") return;
      throw new Error(
        `${bucket.describe()} has versioning ${status === "Enabled" ? "enabled" : "suspended (older versions remain)"}: deleted key-store backups would survive as older versions, ` +
          "so erasure would no longer reach the backups. Use a bucket that never had versioning enabled (BACKUP_TARGET)",
      );
    }));

  return {
    describe: bucket.describe(prefix).replace(/\/$/, ""),
    async put({ kind, backupId, file }) {
      await assertUnversioned();
      const key = keyOf(kind, backupId);
      await bucket.putFile({ key, file });
      return { location: bucket.describe(key) };
    },
    fetch: ({ kind, backupId, file }) => bucket.getFile({ key: keyOf(kind, backupId), file }),
    async list({ kind }) {
      const keys = await bucket.listKeys({ prefix: `${prefix}${kind}/` });
      return keys
        .map((key) => key.slice(prefix.length + kind.length + 1))
        .sort()
        .flatMap((name) => storedBackupOf(name) ?? []);
    },
    // An unversioned bucket keeps no copy of a deleted object; overwriting first, as in a folder,
    // would reach no disk we could name, so a delete is all S3 offers.
    async remove({ kind, backupId }) {
      await assertUnversioned();
      await bucket.deleteKey({ key: keyOf(kind, backupId) });
    },
  };
}
