// AES-256-GCM with a random 96-bit nonce: the one cipher of the vault, used for data fields and for
// wrapped keys alike. The associated data (AAD) names what a ciphertext belongs to, so a ciphertext
// copied to another record, field, customer or shop fails authentication instead of decrypting.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { pooledRandomBytes } from "./random-pool.server";

const ALGORITHM = "aes-256-gcm";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class VaultDecryptError extends Error {
  override name = "VaultDecryptError";
}

/** Unambiguous AAD: a JSON array cannot be confused with another array of other parts. */
export function associatedData(parts: readonly (string | number)[]): Buffer {
  return Buffer.from(JSON.stringify(parts), "utf8");
}

/** `<b64url nonce>.<b64url ciphertext || tag>` */
export function seal({ key, plaintext, aad }: { key: Buffer; plaintext: Buffer; aad: Buffer }): string {
  const nonce = pooledRandomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

export function open({ key, sealed, aad }: { key: Buffer; sealed: string; aad: Buffer }): Buffer {
  const [nonceText, bodyText, ...rest] = sealed.split(".");
  const nonce = Buffer.from(nonceText ?? "", "base64url");
  const body = Buffer.from(bodyText ?? "", "base64url");
  if (rest.length || nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) {
    throw new VaultDecryptError("malformed ciphertext");
  }
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
  } catch {
    // Deliberately one message: the caller must not learn which of key, data or context was wrong.
    throw new VaultDecryptError("ciphertext failed authentication (wrong key, tampered, or moved from another record)");
  }
}
