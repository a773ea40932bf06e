// The key hierarchy below the master key: versioned shop data keys and a blind-index key per shop
// (both wrapped by the KEK), and one data key per customer, wrapped by the key of a shop key version
// and its erasure epoch (see erasure-epochs.server.ts). Unwrapped keys go through the cache; every
// lookup is scoped by shop.
import { hkdfSync, randomBytes } from "node:crypto";
import { isUniqueViolation, type Db } from "../db.server";
import { associatedData, open, seal } from "./aead.server";
import type { ErasureEpochs } from "./erasure-epochs.server";
import type { KeyCache } from "./key-cache.server";
import type { KeyProvider } from "./key-provider.server";
import { pooledRandomBytes } from "./random-pool.server";

export interface CachedKey {
  /** The customer key's id (carried by its ciphertexts); the version or field name otherwise. */
  id: string;
  key: Buffer;
}

export interface KeyDeps {
  db: Db;
  /** The client a shop's customer keys are read and written through (row-level security); default `db`. */
  customerKeysDb?: (shop: string) => Db;
  keyProvider: KeyProvider;
  cache: KeyCache<CachedKey>;
  epochs: ErasureEpochs;
}

const KEY_BYTES = 32;

export const shopKeyContext = (shop: string, version: number) => ["cv-shop-key/v1", shop, version];
export const indexKeyContext = (shop: string) => ["cv-index-key/v1", shop];
export const customerKeyContext = (shop: string, customerId: string, keyId: string, shopKeyVersion: number) =>
  ["cv-customer-key/v1", shop, customerId, keyId, shopKeyVersion];

/** Every cache entry of a shop starts with this, so erasing a shop can evict them all. */
export const shopCachePrefix = (shop: string) => `${shop}|`;
const customerCacheName = (shop: string, customerId: string) => `${shop}|customer|${customerId}`;

/** Creates a row, or reads the one a concurrent writer created first (unique-constraint race). */
export async function createOrRead<Row>(create: () => Promise<Row>, read: () => Promise<Row | null>): Promise<Row> {
  try {
    return await create();
  } catch (error) {
    const existing = isUniqueViolation(error) ? await read() : null;
    if (!existing) throw error;
    return existing;
  }
}

/**
 * The key that wraps customer keys under a shop key version: HKDF of the shop key (in the main
 * database, wrapped by the KEK) and the version's epoch secret (outside it). Needing both is what lets
 * destroying the secret destroy the version, whatever copies of the main database remain.
 */
export function epochWrappingKey({ shopKey, secret, shop, version }: { shopKey: Buffer; secret: Buffer; shop: string; version: number }): Buffer {
  return Buffer.from(hkdfSync("sha256", shopKey, secret, `cv-epoch/v1|${shop}|${version}`, KEY_BYTES));
}

export class EpochDestroyedError extends Error {
  override name = "EpochDestroyedError";
}

export async function shopKey(deps: KeyDeps, shop: string, version: number): Promise<Buffer> {
  const name = `${shop}|shop|${version}`;
  const cached = deps.cache.get(name);
  if (cached) return cached.key;
  const row = await deps.db.vaultShopKey.findUnique({ where: { shop_version: { shop, version } } });
  if (!row) throw new Error(`shop key version ${version} does not exist`);
  const epoch = await deps.epochs.secretOf(shop, version);
  if (epoch.state === "destroyed") throw new EpochDestroyedError(`shop key version ${version} was destroyed by an erasure epoch rotation`);
  const unwrapped = await deps.keyProvider.unwrap({ ...row, context: shopKeyContext(shop, version) });
  // Legacy: a version made before the epoch store existed wraps under the shop key alone.
  const key = epoch.state === "live" ? epochWrappingKey({ shopKey: unwrapped, secret: epoch.secret, shop, version }) : unwrapped;
  deps.cache.set(name, { id: String(version), key });
  return key;
}

/** Adds the next shop key version; it wraps every customer key created from now on. */
export async function createShopKeyVersion(deps: KeyDeps, shop: string): Promise<number> {
  const newest = await deps.db.vaultShopKey.findFirst({ where: { shop }, orderBy: { version: "desc" } });
  // After a restore the database may know fewer versions than the epoch store: never reuse a number.
  const version = Math.max(newest?.version ?? 0, await deps.epochs.highestVersion(shop)) + 1;
  const key = randomBytes(KEY_BYTES);
  // The secret first: a version row never exists in the main database without its epoch.
  const secret = await deps.epochs.create(shop, version);
  const wrapped = await deps.keyProvider.wrap({ key, context: shopKeyContext(shop, version) });
  await deps.db.vaultShopKey.create({ data: { shop, version, ...wrapped } });
  deps.cache.set(`${shop}|shop|${version}`, { id: String(version), key: epochWrappingKey({ shopKey: key, secret, shop, version }) });
  return version;
}

async function currentShopKeyVersion(deps: KeyDeps, shop: string): Promise<number> {
  const newest = await deps.db.vaultShopKey.findFirst({ where: { shop }, orderBy: { version: "desc" }, select: { version: true } });
  if (newest) return newest.version;
  try {
    return await createShopKeyVersion(deps, shop);
  } catch (error) {
    // Two first writes of a new shop raced to create version 1: use the winner's.
    if (isUniqueViolation(error)) return currentShopKeyVersion(deps, shop);
    throw error;
  }
}

export async function unwrapCustomerKey(
  deps: KeyDeps,
  row: { shop: string; customerId: string; keyId: string; shopKeyVersion: number; wrappedKey: string },
): Promise<Buffer> {
  const wrappingKey = await shopKey(deps, row.shop, row.shopKeyVersion);
  const context = customerKeyContext(row.shop, row.customerId, row.keyId, row.shopKeyVersion);
  return open({ key: wrappingKey, sealed: row.wrappedKey, aad: associatedData(context) });
}

export function wrapCustomerKey(
  { wrappingKey, key, shop, customerId, keyId, shopKeyVersion }:
  { wrappingKey: Buffer; key: Buffer; shop: string; customerId: string; keyId: string; shopKeyVersion: number },
): string {
  return seal({ key: wrappingKey, plaintext: key, aad: associatedData(customerKeyContext(shop, customerId, keyId, shopKeyVersion)) });
}

async function unwrapsUnlessDestroyed(deps: KeyDeps, row: Parameters<typeof unwrapCustomerKey>[1]): Promise<boolean> {
  try {
    await shopKey(deps, row.shop, row.shopKeyVersion);
    return true;
  } catch (error) {
    if (error instanceof EpochDestroyedError) return false;
    throw error;
  }
}

/** The customer's data key; with `create`, made on first use. Null when the customer has none (erased). */
export async function customerKey(
  deps: KeyDeps,
  { shop, customerId, create }: { shop: string; customerId: string; create: boolean },
): Promise<CachedKey | null> {
  const name = customerCacheName(shop, customerId);
  const cached = deps.cache.get(name);
  // Reads trust the cache. Writes check that the key row still exists, so a process whose cache
  // still holds a key shredded by another process never encrypts new data under it.
  if (cached && !create) return cached;
  const where = { shop_customerId: { shop, customerId } };
  const db = deps.customerKeysDb?.(shop) ?? deps.db;
  let row = await db.vaultCustomerKey.findUnique({ where });
  if (row && row.keyId === cached?.id) return cached;
  if (row && create && !(await unwrapsUnlessDestroyed(deps, row))) {
    // A restore brought back a key whose epoch was destroyed since: what it encrypted is unreadable
    // for good, so a write starts the customer afresh instead of failing forever.
    await db.vaultCustomerKey.deleteMany({ where: { shop, customerId, keyId: row.keyId } });
    row = null;
  }
  let fresh: CachedKey | undefined;
  if (!row && create) {
    const made = makeCustomerKey({ shop, customerId, ...(await currentWrappingKey(deps, shop)) });
    fresh = made.key;
    row = await createOrRead(
      () => db.vaultCustomerKey.create({ data: made.row }),
      () => db.vaultCustomerKey.findUnique({ where }),
    );
  }
  if (!row) return null;
  const result = fresh?.id === row.keyId ? fresh : { id: row.keyId, key: await unwrapCustomerKey(deps, row) };
  deps.cache.set(name, result);
  return result;
}

/** The shop key new customer keys are wrapped under: the current version, created on first use. */
export async function currentWrappingKey(deps: KeyDeps, shop: string): Promise<{ shopKeyVersion: number; wrappingKey: Buffer }> {
  const shopKeyVersion = await currentShopKeyVersion(deps, shop);
  try {
    return { shopKeyVersion, wrappingKey: await shopKey(deps, shop, shopKeyVersion) };
  } catch (error) {
    if (!(error instanceof EpochDestroyedError)) throw error;
    // A restored database whose newest version's epoch was destroyed since: wrap under a new version.
    await createShopKeyVersion(deps, shop).catch((raced: unknown) => {
      if (!isUniqueViolation(raced)) throw raced;
    });
    return currentWrappingKey(deps, shop);
  }
}

/** A freshly made customer data key and the row that stores it wrapped; nothing is written yet. */
export function makeCustomerKey({ shop, customerId, shopKeyVersion, wrappingKey }: { shop: string; customerId: string; shopKeyVersion: number; wrappingKey: Buffer }) {
  const key: CachedKey = { id: pooledRandomBytes(6).toString("base64url"), key: pooledRandomBytes(KEY_BYTES) };
  const wrappedKey = wrapCustomerKey({ wrappingKey, key: key.key, shop, customerId, keyId: key.id, shopKeyVersion });
  return { key, row: { shop, customerId, keyId: key.id, shopKeyVersion, wrappedKey } };
}

export function rememberCustomerKey(deps: KeyDeps, shop: string, customerId: string, key: CachedKey) {
  deps.cache.set(customerCacheName(shop, customerId), key);
}

export function forgetCustomerKey(deps: KeyDeps, shop: string, customerId: string) {
  deps.cache.delete(customerCacheName(shop, customerId));
}

/**
 * The blind-index key of one field: HKDF from the shop's index key, so every field has its own key
 * and equal values in different fields (or shops) give unrelated indexes.
 */
export async function indexFieldKey(deps: KeyDeps, shop: string, field: string): Promise<Buffer> {
  const name = `${shop}|index|${field}`;
  const cached = deps.cache.get(name);
  if (cached) return cached.key;
  let row = await deps.db.vaultIndexKey.findUnique({ where: { shop } });
  if (!row) {
    const wrapped = await deps.keyProvider.wrap({ key: randomBytes(KEY_BYTES), context: indexKeyContext(shop) });
    row = await createOrRead(
      () => deps.db.vaultIndexKey.create({ data: { shop, ...wrapped } }),
      () => deps.db.vaultIndexKey.findUnique({ where: { shop } }),
    );
  }
  const indexKey = await deps.keyProvider.unwrap({ ...row, context: indexKeyContext(shop) });
  const key = Buffer.from(hkdfSync("sha256", indexKey, "consent-vault blind index", `${shop}|${field}`, KEY_BYTES));
  deps.cache.set(name, { id: field, key });
  return key;
}
