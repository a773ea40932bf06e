// Keys the privacy module derives from the master key, one per purpose (HKDF), so that no two uses
// share key material: subject references (keyed hashes that name a person without identifying them to
// anyone without the key) and sealing (AES-256-GCM for exports and request identifiers at rest).
import { createHmac, hkdfSync } from "node:crypto";
import { config } from "../config.server";
import { open, seal as aeadSeal } from "../vault/aead.server";

const SEALED_PREFIX = "s1.";

const cache = new Map<string, Buffer>();

function purposeKey(purpose: string): Buffer {
  let key = cache.get(purpose);
  if (!key) {
    const masterKey = Buffer.from(config().VAULT_MASTER_KEY, "base64");
    key = Buffer.from(hkdfSync("sha256", masterKey, Buffer.alloc(0), `consent-vault/${purpose}`, 32));
    cache.set(purpose, key);
  }
  return key;
}

/** A shop-specific keyed hash of a data subject (customer id), stable for the life of the master key. */
export function subjectRef({ shop, customerId }: { shop: string; customerId: string }): string {
  return createHmac("sha256", purposeKey(`subject-ref/${shop}`)).update(customerId).digest("base64url");
}

/** A keyed hash of a shop domain, for records that must outlive the shop's erasure. */
export function shopRef(shop: string): string {
  return createHmac("sha256", purposeKey("shop-ref")).update(shop).digest("base64url");
}

/**
 * Seals bytes with the vault's AES-256-GCM under the privacy sealing key; `context` (shop, record id,
 * purpose) is bound as associated data, so a sealed value copied to another record does not open.
 * Format: `s1.<nonce>.<ciphertext+tag>`.
 */
export function seal(plaintext: Buffer | string, context: string): string {
  return `${SEALED_PREFIX}${aeadSeal({ key: purposeKey("seal"), plaintext: Buffer.from(plaintext), aad: Buffer.from(context) })}`;
}

export function unseal(sealed: string, context: string): Buffer {
  if (!sealed.startsWith(SEALED_PREFIX)) throw new Error("not a sealed value");
  return open({ key: purposeKey("seal"), sealed: sealed.slice(SEALED_PREFIX.length), aad: Buffer.from(context) });
}

/** Associated data of a request's sealed identifiers: they open only for that shop and request. */
export const subjectSealContext = (shop: string, requestId: string) => `${shop}|${requestId}|subject`;
