// Backups in a folder: BACKUP_DIR/data/<id>.cvbk and BACKUP_DIR/key-store/<id>.cvbk. Key-store
// backups are overwritten before they are unlinked: an expired copy of epoch secrets must not be
// recoverable from the folder.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { BackupKind } from "./backup-file.server";
import { BACKUP_EXTENSION, storedBackupOf, type BackupStore, type StoredBackup } from "./backup-store.server";

export function backupPath(dir: string, kind: BackupKind, backupId: string): string {
  return path.join(dir, kind, `${backupId}${BACKUP_EXTENSION}`);
}

/** The key-store backup taken with a data backup, by the data backup's path. */
export function pairedKeyStorePath(dataBackupFile: string): string {
  return path.join(path.dirname(path.dirname(dataBackupFile)), "key-store", path.basename(dataBackupFile));
}

async function overwriteAndUnlink(file: string) {
  const handle = await fs.open(file, "r+");
  try {
    const { size } = await handle.stat();
    await handle.write(randomBytes(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.unlink(file);
}

export function folderBackupStore({ dir }: { dir: string }): BackupStore {
  return {
    describe: dir,
    async put({ kind, backupId, file }) {
      const location = backupPath(dir, kind, backupId);
      await fs.mkdir(path.dirname(location), { recursive: true });
      // A rename keeps a half-written backup out of the folder; across file systems it has to copy.
      await fs.rename(file, location).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "EXDEV") throw error;
        await fs.copyFile(file, location, fs.constants.COPYFILE_EXCL);
      });
      return { location };
    },
    async fetch({ kind, backupId, file }) {
      try {
        await fs.copyFile(backupPath(dir, kind, backupId), file);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
    async list({ kind }) {
      const names = await fs.readdir(path.join(dir, kind)).catch(() => [] as string[]);
      return names.sort().flatMap((name) => storedBackupOf(name) ?? []) satisfies StoredBackup[];
    },
    async remove({ kind, backupId }) {
      const file = backupPath(dir, kind, backupId);
      await (kind === "key-store" ? overwriteAndUnlink(file) : fs.unlink(file));
    },
  };
}
