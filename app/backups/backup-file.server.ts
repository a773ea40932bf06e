// The backup file format: a JSON header, then the snapshot in 1 MiB chunks, each sealed with
// AES-256-GCM under a random file key. The file key is wrapped by the key provider (the master key),
// so the file carries only a wrapped key that is useless without the KEK, which is never stored with
// backups. Every chunk's associated data binds the header's hash, the chunk's position and whether it
// is the last one: an altered header, a flipped byte, reordered, missing or appended chunks and a
// truncated file all fail verification before anything is restored.
//
//   "CVBACKUP" u32(header length) header-json { u32(frame length) nonce(12) ciphertext tag(16) }*
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import type { KeyProvider } from "../vault/key-provider.server";

const MAGIC = Buffer.from("CVBACKUP");
const FORMAT = 1;
const CHUNK_BYTES = 1024 * 1024;
const TAG_BYTES = 16;

export type BackupKind = "data" | "key-store";

export interface BackupHeader {
  format: number;
  kind: BackupKind;
  backupId: string;
  /** sqlite (a SQLite database file) or postgresql (a pg_dump custom-format archive); none for key-store. */
  engine: "sqlite" | "postgresql" | "none";
  createdAt: string;
  /** When the snapshot's consistent view began: erasures finished after it are re-applied on restore. */
  snapshotStartedAt: string;
  kekId: string;
  wrappedKey: string;
}

/** A backup that must not be restored; the message says why, for the operator. */
export class BackupRejectedError extends Error {
  override name = "BackupRejectedError";
}

const fileKeyContext = (header: Pick<BackupHeader, "backupId" | "kind">) => ["cv-backup/v1", header.backupId, header.kind];

function chunkAad(headerHash: Buffer, index: number, final: boolean) {
  const position = Buffer.alloc(5);
  position.writeUInt32BE(index, 0);
  position.writeUInt8(final ? 1 : 0, 4);
  return Buffer.concat([headerHash, position]);
}

function u32(value: number) {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** Encrypts `plainFile` into `backupFile`. */
export async function writeBackupFile({
  keyProvider,
  plainFile,
  backupFile,
  header,
}: {
  keyProvider: KeyProvider;
  plainFile: string;
  backupFile: string;
  header: Omit<BackupHeader, "format" | "kekId" | "wrappedKey">;
}): Promise<{ bytes: number }> {
  const fileKey = randomBytes(32);
  const wrapped = await keyProvider.wrap({ key: fileKey, context: fileKeyContext(header) });
  const headerBytes = Buffer.from(JSON.stringify({ format: FORMAT, ...header, ...wrapped } satisfies BackupHeader));
  const headerHash = createHash("sha256").update(headerBytes).digest();
  const input = await fs.open(plainFile, "r");
  const output = await fs.open(backupFile, "wx");
  try {
    const size = (await input.stat()).size;
    await output.write(Buffer.concat([MAGIC, u32(headerBytes.length), headerBytes]));
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let offset = 0;
    for (let index = 0, final = false; !final; index++) {
      const { bytesRead } = await input.read(chunk, 0, CHUNK_BYTES, offset);
      offset += bytesRead;
      final = offset >= size;
      const nonce = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", fileKey, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(chunkAad(headerHash, index, final));
      const sealed = Buffer.concat([nonce, cipher.update(chunk.subarray(0, bytesRead)), cipher.final(), cipher.getAuthTag()]);
      await output.write(Buffer.concat([u32(sealed.length), sealed]));
    }
    await output.sync();
    return { bytes: (await output.stat()).size };
  } finally {
    await input.close();
    await output.close();
  }
}

async function readExactly(file: fs.FileHandle, length: number, position: number): Promise<Buffer | null> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : null;
}

/** The header of a backup file, without verifying the content; `name` is how messages call the file. */
async function readBackupHeader(backupFile: string, name: string): Promise<{ header: BackupHeader; headerBytes: Buffer; bodyOffset: number }> {
  const file = await fs.open(backupFile, "r");
  try {
    const magic = await readExactly(file, MAGIC.length + 4, 0);
    if (!magic?.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupRejectedError(`${name} is not a Consent Vault backup`);
    const length = magic.readUInt32BE(MAGIC.length);
    const headerBytes = length < 64 * 1024 ? await readExactly(file, length, magic.length) : null;
    let header: BackupHeader;
    try {
      header = JSON.parse(headerBytes?.toString("utf8") ?? "") as BackupHeader;
    } catch {
      throw new BackupRejectedError(`${name} has a damaged header`);
    }
    if (header.format !== FORMAT) throw new BackupRejectedError(`${name} is in backup format ${header.format}, this version reads format ${FORMAT}`);
    return { header, headerBytes: headerBytes!, bodyOffset: magic.length + length };
  } finally {
    await file.close();
  }
}

/**
 * Verifies every chunk and writes the snapshot to `plainFile`; throws BackupRejectedError on any
 * mismatch. `name` is how messages call the file (where it came from, for a downloaded copy).
 */
export async function readBackupFile({ keyProvider, backupFile, plainFile, name = backupFile }: { keyProvider: KeyProvider; backupFile: string; plainFile: string; name?: string }): Promise<BackupHeader> {
  const { header, headerBytes, bodyOffset } = await readBackupHeader(backupFile, name);
  let fileKey: Buffer;
  try {
    fileKey = await keyProvider.unwrap({ kekId: header.kekId, wrappedKey: header.wrappedKey, context: fileKeyContext(header) });
  } catch (error) {
    const foreign = /not configured/.test((error as Error).message) && /^[0-9a-f]{16}$/.test(header.kekId);
    throw new BackupRejectedError(
      foreign
        ? `${name} was made by another deployment (or its header was altered): its master key ${header.kekId} is not configured here (VAULT_MASTER_KEY / VAULT_PREVIOUS_MASTER_KEYS)`
        : `${name} failed its integrity check: its header was altered or it belongs to another deployment`,
    );
  }
  const headerHash = createHash("sha256").update(headerBytes).digest();
  const input = await fs.open(backupFile, "r");
  const output = await fs.open(plainFile, "w");
  try {
    let position = bodyOffset;
    for (let index = 0; ; index++) {
      const lengthBytes = await readExactly(input, 4, position);
      if (!lengthBytes) throw new BackupRejectedError(`${name} is truncated: its last chunk is missing`);
      const length = lengthBytes.readUInt32BE();
      const sealed = length <= CHUNK_BYTES + 64 ? await readExactly(input, length, position + 4) : null;
      if (!sealed || sealed.length < 12 + TAG_BYTES) throw new BackupRejectedError(`${name} is truncated or damaged at chunk ${index}`);
      position += 4 + length;
      const atEnd = (await input.stat()).size === position;
      const decipher = createDecipheriv("aes-256-gcm", fileKey, sealed.subarray(0, 12), { authTagLength: TAG_BYTES });
      decipher.setAAD(chunkAad(headerHash, index, atEnd));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new BackupRejectedError(`${name} failed its integrity check at chunk ${index}: it was altered, truncated or damaged`);
      }
      await output.write(plain);
      if (atEnd) return header;
    }
  } finally {
    await input.close();
    await output.close();
  }
}
