// Master key (KEK) rotation, online: re-wraps every key the KEK wraps (shop keys, index keys, the
// session-token key) under the current KEK. Data and customer keys are untouched, so this is a few
// rows per shop. Readers keep working throughout because the previous KEKs stay configured
// (VAULT_PREVIOUS_MASTER_KEYS) until it is done.
// It is operator maintenance across all shops, so it is deliberately not scoped to one shop.
import type { Db } from "../db.server";
import { sessionKeyContext } from "../sessions/encrypted-session-storage.server";
import type { KeyProvider, WrappedKey } from "./key-provider.server";
import { indexKeyContext, shopKeyContext } from "./keys.server";
import type { Vault } from "./vault.server";

const BATCH = 100;

/** Re-wraps, batch by batch, the rows `stale` finds wrapped under another KEK; returns how many. */
async function rewrapRows<Row extends WrappedKey>({ keyProvider, stale, context, replace }: {
  keyProvider: KeyProvider;
  stale: (kekId: string) => Promise<Row[]>;
  context: (row: Row) => readonly (string | number)[];
  /** Compare-and-set on the old wrappedKey: a concurrent rotation that got there first wins. */
  replace: (row: Row, rewrapped: WrappedKey) => Promise<{ count: number }>;
}): Promise<number> {
  let rewrapped = 0;
  for (;;) {
    const rows = await stale(keyProvider.currentKekId);
    if (!rows.length) return rewrapped;
    for (const row of rows) {
      const key = await keyProvider.unwrap({ ...row, context: context(row) });
      rewrapped += (await replace(row, await keyProvider.wrap({ key, context: context(row) }))).count;
    }
  }
}

/** Idempotent: a second run finds nothing wrapped under an old KEK. */
export async function rewrapUnderCurrentMasterKey({ db, vault }: { db: Db; vault: Vault }) {
  const { keyProvider } = vault;
  const staleWhere = (current: string) => ({ where: { kekId: { not: current } }, take: BATCH });
  const shopKeys = await rewrapRows({
    keyProvider,
    stale: (current) => db.vaultShopKey.findMany(staleWhere(current)),
    context: (row) => shopKeyContext(row.shop, row.version),
    replace: (row, data) => db.vaultShopKey.updateMany({ where: { shop: row.shop, version: row.version, wrappedKey: row.wrappedKey }, data }),
  });
  const indexKeys = await rewrapRows({
    keyProvider,
    stale: (current) => db.vaultIndexKey.findMany(staleWhere(current)),
    context: (row) => indexKeyContext(row.shop),
    replace: (row, data) => db.vaultIndexKey.updateMany({ where: { shop: row.shop, wrappedKey: row.wrappedKey }, data }),
  });
  const sessionKeys = await rewrapRows({
    keyProvider,
    stale: (current) => db.sessionKey.findMany(staleWhere(current)),
    context: (row) => sessionKeyContext(row.id),
    replace: (row, data) => db.sessionKey.updateMany({ where: { id: row.id, wrappedKey: row.wrappedKey }, data }),
  });
  return { shopKeys, indexKeys, sessionKeys, kekId: keyProvider.currentKekId };
}
