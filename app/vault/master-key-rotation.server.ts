// Master key (KEK) rotation, online: re-wraps every key the KEK wraps (shop keys, index keys, purpose
// keys) under the current KEK. Data and customer keys are untouched, so this is a few rows per shop.
// Readers keep working throughout because the previous KEKs stay configured
// (VAULT_PREVIOUS_MASTER_KEYS) until it is done. It is operator maintenance across all shops, so it is
// deliberately not scoped to one shop.
import type { Db } from "../db.server";
import type { WrappedKey } from "./key-provider.server";
import { indexKeyContext, shopKeyContext } from "./keys.server";
import { purposeKeyContext } from "./purpose-keys.server";
import type { Vault } from "./vault.server";

const BATCH = 100;

interface WrappedTable<Row extends WrappedKey> {
  /** Rows not wrapped by `kekId`, at most BATCH. */
  stale(kekId: string): Promise<Row[]>;
  context(row: Row): readonly (string | number)[];
  /** Compare-and-set on the old wrapped value: a concurrent rotation that got there first wins. */
  replace(row: Row, rewrapped: WrappedKey): Promise<number>;
}

async function rewrapTable<Row extends WrappedKey>({ vault }: { vault: Vault }, table: WrappedTable<Row>): Promise<number> {
  const { keyProvider } = vault;
  let rewrapped = 0;
  for (;;) {
    const rows = await table.stale(keyProvider.currentKekId);
    if (!rows.length) return rewrapped;
    for (const row of rows) {
      const context = table.context(row);
      rewrapped += await table.replace(row, await keyProvider.wrap({ key: await keyProvider.unwrap({ ...row, context }), context }));
    }
  }
}

/** Idempotent: a second run finds nothing wrapped under an old KEK. */
export async function rewrapUnderCurrentMasterKey({ db, vault }: { db: Db; vault: Vault }) {
  const stale = (kekId: string) => ({ where: { kekId: { not: kekId } }, take: BATCH });
  const shopKeys = await rewrapTable({ vault }, {
    stale: (kekId) => db.vaultShopKey.findMany(stale(kekId)),
    context: (row) => shopKeyContext(row.shop, row.version),
    replace: async (row, data) => (await db.vaultShopKey.updateMany({ where: { shop: row.shop, version: row.version, wrappedKey: row.wrappedKey }, data })).count,
  });
  const indexKeys = await rewrapTable({ vault }, {
    stale: (kekId) => db.vaultIndexKey.findMany(stale(kekId)),
    context: (row) => indexKeyContext(row.shop),
    replace: async (row, data) => (await db.vaultIndexKey.updateMany({ where: { shop: row.shop, wrappedKey: row.wrappedKey }, data })).count,
  });
  const purposeKeys = await rewrapTable({ vault }, {
    stale: (kekId) => db.vaultPurposeKey.findMany(stale(kekId)),
    context: (row) => purposeKeyContext(row.purpose, row.version),
    replace: async (row, data) =>
      (await db.vaultPurposeKey.updateMany({ where: { purpose: row.purpose, version: row.version, wrappedKey: row.wrappedKey }, data })).count,
  });
  return { shopKeys, indexKeys, purposeKeys, kekId: vault.keyProvider.currentKekId };
}
