// Where backups are kept: a folder (BACKUP_DIR) or an S3-compatible bucket (BACKUP_TARGET=s3://…),
// both holding data/ and key-store/ with one object per backup named by its id. Ids start with their
// UTC time, so names sort by age and a listing needs no header read.
import { randomBytes } from "node:crypto";
import type { BackupKind } from "./backup-file.server";

export const BACKUP_EXTENSION = ".cvbk";

export interface StoredBackup {
  backupId: string;
  createdAt: Date;
}

export interface BackupStore {
  /** Where backups go, for messages: a folder path or an s3:// URL. */
  describe: string;
  /** Keeps the encrypted `file` as the backup `backupId` of `kind`; returns where it went. */
  put(options: { kind: BackupKind; backupId: string; file: string }): Promise<{ location: string }>;
  /** Copies a backup to the local `file`; false when there is no such backup (e.g. an expired key-store copy). */
  fetch(options: { kind: BackupKind; backupId: string; file: string }): Promise<boolean>;
  /** Oldest first. */
  list(options: { kind: BackupKind }): Promise<StoredBackup[]>;
  /** Key-store copies are destroyed as far as the store allows (decision 011). */
  remove(options: { kind: BackupKind; backupId: string }): Promise<void>;
}

export function newBackupId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}

const STORED_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[0-9a-f]{6}\.cvbk$/;

/** The backup a stored file or object name holds, or null for a name that is not one of ours. */
export function storedBackupOf(name: string): StoredBackup | null {
  const parts = STORED_NAME.exec(name);
  if (!parts) return null;
  const [, year, month, day, hour, minute, second] = parts;
  return { backupId: name.slice(0, -BACKUP_EXTENSION.length), createdAt: new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`) };
}

/** Deletes backups of `kind` created before `now - retentionDays`. */
export async function expireBackups({ store, kind, retentionDays, now = new Date() }: { store: BackupStore; kind: BackupKind; retentionDays: number; now?: Date }) {
  const cutoff = now.getTime() - retentionDays * 24 * 3600 * 1000;
  let expired = 0;
  for (const { backupId, createdAt } of await store.list({ kind })) {
    if (createdAt.getTime() >= cutoff) continue;
    await store.remove({ kind, backupId });
    expired++;
  }
  return expired;
}
