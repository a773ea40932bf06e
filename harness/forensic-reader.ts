// What an attacker holding raw storage and the keys that remain could recover of one customer. It
// reads bytes only (PostgreSQL heap files and WAL segments, SQLite files, decrypted backup payloads),
// never through the app: it picks out every wrapped key and field ciphertext by their text formats,
// unwraps shop keys with the master keys, derives every wrapping key it can (the shop key alone, as
// before erasure epochs, and the shop key with each epoch secret it is given), unwraps the customer's
// keys and decrypts the customer's fields. Tests use it to prove an erasure leaves nothing readable,
// and that the same reader does recover data where the keys still exist.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { associatedData, open } from "../app/vault/aead.server";
import { customerKeyContext, epochWrappingKey, shopKeyContext } from "../app/vault/keys.server";

const FIELDS = ["email", "phone", "firstName", "lastName", "defaultAddress", "note"];
const WRAPPED_KEY_CHARS = 64; // 32-byte key + 16-byte tag, base64url
const NONCE_CHARS = 16;

export interface RemainingKeys {
  masterKeys: Buffer[];
  epochSecrets: { shop: string; version: number; secret: Buffer }[];
}

function tryOpen(key: Buffer, sealed: string, aad: (string | number)[]): Buffer | null {
  try {
    return open({ key, sealed, aad: associatedData(aad) });
  } catch {
    return null;
  }
}

/** Every `nonce.body` string whose body is exactly one wrapped 32-byte key. */
function wrappedKeyCandidates(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/([A-Za-z0-9_-]{16,})\.([A-Za-z0-9_-]{64,})/g)) {
    found.add(`${match[1]!.slice(-NONCE_CHARS)}.${match[2]!.slice(0, WRAPPED_KEY_CHARS)}`);
  }
  return found;
}

/** Every field ciphertext: key id and `nonce.body`, the body tried at the lengths raw bytes may have appended to. */
function fieldCandidates(text: string) {
  const found: { keyId: string; sealed: string[] }[] = [];
  for (const match of text.matchAll(/v1\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})/g)) {
    const body = match[3]!;
    const lengths = Array.from({ length: 8 }, (_, cut) => body.length - cut).filter((length) => length >= 22);
    found.push({ keyId: match[1]!, sealed: lengths.map((length) => `${match[2]}.${body.slice(0, length)}`) });
  }
  return found;
}

/** The customer's personal values recovered from `blobs` with the keys given; empty when nothing opens. */
export function recoverCustomer({ blobs, shop, customerId, keys, maxVersion = 12 }: { blobs: Buffer[]; shop: string; customerId: string; keys: RemainingKeys; maxVersion?: number }): string[] {
  const text = blobs.map((blob) => blob.toString("latin1")).join("\n");
  const wrapped = wrappedKeyCandidates(text);
  const fields = fieldCandidates(text);
  const keyIds = new Set(fields.map(({ keyId }) => keyId));

  const wrappingKeys: { version: number; key: Buffer }[] = [];
  for (const candidate of wrapped) {
    for (let version = 1; version <= maxVersion; version++) {
      for (const master of keys.masterKeys) {
        const shopKey = tryOpen(master, candidate, shopKeyContext(shop, version));
        if (!shopKey) continue;
        wrappingKeys.push({ version, key: shopKey });
        for (const epoch of keys.epochSecrets.filter((secret) => secret.shop === shop && secret.version === version)) {
          wrappingKeys.push({ version, key: epochWrappingKey({ shopKey, secret: epoch.secret, shop, version }) });
        }
      }
    }
  }
  const customerKeys = new Map<string, Buffer>();
  for (const candidate of wrapped) {
    for (const keyId of keyIds) {
      for (const { version, key } of wrappingKeys) {
        const customerKey = tryOpen(key, candidate, customerKeyContext(shop, customerId, keyId, version));
        if (customerKey) customerKeys.set(keyId, customerKey);
      }
    }
  }
  const recovered = new Set<string>();
  for (const { keyId, sealed } of fields) {
    const key = customerKeys.get(keyId);
    if (!key) continue;
    for (const field of FIELDS) {
      for (const attempt of sealed) {
        const plain = tryOpen(key, attempt, ["cv-field/v1", shop, customerId, field, keyId]);
        if (plain) recovered.add(plain.toString("utf8"));
      }
    }
  }
  return [...recovered];
}

/**
 * The raw files of a PostgreSQL database: every file of its directory under base/, and the WAL
 * segments written since `sinceMs` (the cluster's WAL is shared with other databases). Needs read
 * access to the data directory (tests run as root on the development machine).
 */
export async function postgresRawFiles(url: string, sinceMs: number): Promise<Buffer[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const dataDirectory = (await client.query<{ data_directory: string }>("SHOW data_directory")).rows[0]!.data_directory;
    const relation = (await client.query<{ file: string }>(`SELECT pg_relation_filepath('"VaultCustomerKey"') AS file`)).rows[0]!.file;
    const databaseDir = path.join(dataDirectory, path.dirname(relation));
    const walDir = path.join(dataDirectory, "pg_wal");
    const wal = fs.readdirSync(walDir).filter((name) => /^[0-9A-F]{24}$/.test(name)).map((name) => path.join(walDir, name))
      .filter((file) => fs.statSync(file).mtimeMs >= sinceMs - 1_000);
    const heap = fs.readdirSync(databaseDir).map((name) => path.join(databaseDir, name)).filter((file) => fs.statSync(file).isFile());
    return [...heap, ...wal].map((file) => fs.readFileSync(file));
  } finally {
    await client.end();
  }
}

/** A decrypted data backup as raw bytes: a SQLite file as is, a pg_dump archive as the SQL it restores. */
export function snapshotBytes(engine: string, file: string): Buffer {
  if (engine === "postgresql") return execFileSync("pg_restore", ["--file=-", file], { maxBuffer: 512 * 1024 * 1024 });
  return fs.readFileSync(file);
}
