// Blind indexes: a truncated HMAC-SHA256 of a normalised value under a per-shop, per-field key.
// Truncation is deliberate: many customers share each index value, so an index proves nothing about
// equality, and a lookup returns a few candidates that the caller must decrypt and re-check.
// Why 12 bits: docs/decisions/003-vault-encryption.md ("Blind indexes").
import { createHmac } from "node:crypto";

export const BLIND_INDEX_BITS = 12;

export type IndexedField = "email" | "phone";

/** The index value stored next to the ciphertext: the first BLIND_INDEX_BITS bits, as hex. */
export function blindIndexOf(fieldKey: Buffer, normalised: string): string {
  const digest = createHmac("sha256", fieldKey).update(normalised, "utf8").digest();
  const bits = digest.readUInt32BE(0) >>> (32 - BLIND_INDEX_BITS);
  return bits.toString(16).padStart(Math.ceil(BLIND_INDEX_BITS / 4), "0");
}
