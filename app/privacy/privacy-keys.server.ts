// The privacy module's keys, one per purpose, from the vault's purpose keys (wrapped by the key
// provider, stable across master-key rotations): subject references (keyed hashes that name a person
// without identifying them to anyone without the key), shop references, the analytics dataset's
// references, and sealing (AES-256-GCM for exports, request identifiers and pending webhook payloads
// at rest).
// Loaded once per process at start (loadPrivacyKeys) so the functions below stay synchronous; kept on
// globalThis because the development server and the production build load app modules a second time.
import { createHmac, hkdfSync } from "node:crypto";
import type { Db } from "../db.server";
import { open, seal as aeadSeal } from "../vault/aead.server";
import type { KeyProvider } from "../vault/key-provider.server";
import { loadPurposeKeys, type Purpose, type PurposeKeys } from "../vault/purpose-keys.server";

const SEALED = /^s2\.(\d+)\.(.+)$/;
const loaded = globalThis as unknown as { consentVaultPrivacyKeys?: PurposeKeys };

/** Loads (and on first start creates) the keys; every process calls it once before serving. */
export async function loadPrivacyKeys(deps: { db: Db; keyProvider: KeyProvider }): Promise<void> {
  loaded.consentVaultPrivacyKeys = await loadPurposeKeys(deps);
}

function versions(purpose: Purpose): Map<number, Buffer> {
  const keys = loaded.consentVaultPrivacyKeys;
  if (!keys) throw new Error("privacy keys are not loaded: the process must call loadPrivacyKeys() at start");
  return keys[purpose];
}

/** References must never change, so they always use version 1 of their key. */
const referenceKey = (purpose: "subject-ref" | "shop-ref" | "analytics-ref") => versions(purpose).get(1)!;

const newestSealKey = () => {
  const all = versions("seal");
  const version = Math.max(...all.keys());
  return { version, key: all.get(version)! };
};

/**
 * A keyed hash under a key of its own per shop and kind (HKDF from the subject-reference key; the
 * analytics reference from a purpose key of its own, see analyticsRef).
 */
function shopScopedRef(kind: "subject-ref" | "ip-ref" | "storefront-link" | "rate-ref" | "analytics-ref", shop: string, value: string): string {
  const base = referenceKey(kind === "analytics-ref" ? "analytics-ref" : "subject-ref");
  return createHmac("sha256", derivedShopKey(base, `${kind}/${shop}`)).update(value).digest("base64url");
}

// HKDF costs about as much as the rest of a webhook's acknowledgement, and the same few shops' keys are
// derived over and over: they are kept per base key (so keys loaded afresh start a fresh cache), up to
// a bound beyond which the cache starts over.
const derivedKeys = new WeakMap<Buffer, Map<string, Buffer>>();
const DERIVED_KEYS_KEPT = 10_000;

function derivedShopKey(base: Buffer, info: string): Buffer {
  let cache = derivedKeys.get(base);
  if (!cache || cache.size >= DERIVED_KEYS_KEPT) derivedKeys.set(base, (cache = new Map()));
  let key = cache.get(info);
  if (!key) cache.set(info, (key = Buffer.from(hkdfSync("sha256", base, Buffer.alloc(0), info, 32))));
  return key;
}

/** A shop-specific keyed hash of a data subject (customer id), stable for the life of the deployment. */
export function subjectRef({ shop, customerId }: { shop: string; customerId: string }): string {
  return shopScopedRef("subject-ref", shop, customerId);
}

/**
 * The name of a customer in the shop's analytics dataset (app/analytics/): a keyed hash of their subject
 * reference under the "analytics-ref" purpose key, so a BI tool can count and join a customer's
 * orders and segment without being able to join them with the subject references of the audit
 * trail, receipts or requests (nor with another shop's dataset).
 */
export function analyticsRef({ shop, customerRef }: { shop: string; customerRef: string }): string {
  return shopScopedRef("analytics-ref", shop, customerRef);
}

/** The analytics reference of a customer named by their id. */
export const customerAnalyticsRef = ({ shop, customerId }: { shop: string; customerId: string }) => analyticsRef({ shop, customerRef: subjectRef({ shop, customerId }) });

/** A shop-specific keyed hash of an IP address (or prefix): tells requests apart without keeping it. */
export function ipRef({ shop, ip }: { shop: string; ip: string }): string {
  return shopScopedRef("ip-ref", shop, ip);
}

/** A keyed hash of a shop domain, for records that must outlive the shop's erasure. */
export function shopRef(shop: string): string {
  return createHmac("sha256", referenceKey("shop-ref")).update(shop).digest("base64url");
}

/**
 * Seals bytes with the vault's AES-256-GCM under the newest sealing key; `context` (shop, record id,
 * purpose) is bound as associated data, so a sealed value copied to another record does not open.
 * Format: `s2.<key version>.<nonce>.<ciphertext+tag>`.
 */
export function seal(plaintext: Buffer | string, context: string): string {
  const { version, key } = newestSealKey();
  return `s2.${version}.${aeadSeal({ key, plaintext: Buffer.from(plaintext), aad: Buffer.from(context) })}`;
}

export function unseal(sealed: string, context: string): Buffer {
  const match = SEALED.exec(sealed);
  if (!match) throw new Error("not a sealed value");
  const key = versions("seal").get(Number(match[1]));
  if (!key) throw new Error(`sealing key version ${match[1]} does not exist`);
  return open({ key, sealed: match[2]!, aad: Buffer.from(context) });
}

/** Associated data of a request's sealed identifiers: they open only for that shop and request. */
export const subjectSealContext = (shop: string, requestId: string) => `${shop}|${requestId}|subject`;

/** The MAC that makes a storefront link's id a link: a keyed hash under the shop's own link key. */
export function storefrontLinkMac({ shop, purpose, id }: { shop: string; purpose: string; id: string }): string {
  return shopScopedRef("storefront-link", shop, `${purpose}|${id}`);
}

/** A keyed hash of a value a rate limit counts (an email address), so no Redis key holds it in clear. */
export function rateLimitRef({ shop, value }: { shop: string; value: string }): string {
  return shopScopedRef("rate-ref", shop, value);
}
