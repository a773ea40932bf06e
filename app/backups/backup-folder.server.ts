// Where backups are kept: a folder with data/ and key-store/ below it, one file per backup, named by
// its id (which starts with its UTC time, so names sort by age). Key-store backups are kept for a
// short time only and overwritten before they are unlinked: an expired copy of epoch secrets must not
// be recoverable from the folder.
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { BackupKind } from "./backup-file.server";
import { readBackupHeader } from "./backup-file.server";

export const BACKUP_EXTENSION = ".cvbk";

export function newBackupId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${randomBytes(3).toString("hex")}`;
}

export function backupPath(dir: string, kind: BackupKind, backupId: string): string {
  return path.join(dir, kind, `${backupId}${BACKUP_EXTENSION}`);
}

/** The key-store backup taken with a data backup, by the data backup's path. */
export function pairedKeyStorePath(dataBackupFile: string): string {
  return path.join(path.dirname(path.dirname(dataBackupFile)), "key-store", path.basename(dataBackupFile));
}

export async function listBackups(dir: string, kind: BackupKind): Promise<{ file: string; createdAt: Date }[]> {
  const folder = path.join(dir, kind);
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const found = [];
  for (const name of names.filter((entry) => entry.endsWith(BACKUP_EXTENSION)).sort()) {
    const file = path.join(folder, name);
    const { header } = await readBackupHeader(file);
    found.push({ file, createdAt: new Date(header.createdAt) });
  }
  return found;
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

/** Deletes backups of `kind` created before `now - retentionDays`. */
export async function expireBackups({ dir, kind, retentionDays, now = new Date() }: { dir: string; kind: BackupKind; retentionDays: number; now?: Date }) {
  const cutoff = now.getTime() - retentionDays * 24 * 3600 * 1000;
  let expired = 0;
  for (const { file, createdAt } of await listBackups(dir, kind)) {
    if (createdAt.getTime() >= cutoff) continue;
    await (kind === "key-store" ? overwriteAndUnlink(file) : fs.unlink(file));
    expired++;
  }
  return expired;
}
