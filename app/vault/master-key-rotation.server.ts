// Master key (KEK) rotation, online: re-wraps every shop key and index key under the current KEK.
// Data and customer keys are untouched, so this is a few rows per shop. Readers keep working
// throughout because the previous KEKs stay configured (VAULT_PREVIOUS_MASTER_KEYS) until it is done.
// It is operator maintenance across all shops, so it is deliberately not scoped to one shop.
import type { Db } from "../db.server";
import { indexKeyContext, shopKeyContext } from "./keys.server";
import type { Vault } from "./vault.server";

const BATCH = 100;

/** Idempotent: a second run finds nothing wrapped under an old KEK. */
export async function rewrapUnderCurrentMasterKey({ db, vault }: { db: Db; vault: Vault }) {
  const { keyProvider } = vault;
  const current = keyProvider.currentKekId;
  let shopKeys = 0;
  let indexKeys = 0;
  for (;;) {
    const rows = await db.vaultShopKey.findMany({ where: { kekId: { not: current } }, take: BATCH });
    if (!rows.length) break;
    for (const row of rows) {
      const context = shopKeyContext(row.shop, row.version);
      const rewrapped = await keyProvider.wrap({ key: await keyProvider.unwrap({ ...row, context }), context });
      // Compare-and-set: a concurrent rotation that got there first wins, nothing is lost.
      const { count } = await db.vaultShopKey.updateMany({
        where: { shop: row.shop, version: row.version, wrappedKey: row.wrappedKey },
        data: rewrapped,
      });
      shopKeys += count;
    }
  }
  for (;;) {
    const rows = await db.vaultIndexKey.findMany({ where: { kekId: { not: current } }, take: BATCH });
    if (!rows.length) break;
    for (const row of rows) {
      const context = indexKeyContext(row.shop);
      const rewrapped = await keyProvider.wrap({ key: await keyProvider.unwrap({ ...row, context }), context });
      const { count } = await db.vaultIndexKey.updateMany({ where: { shop: row.shop, wrappedKey: row.wrappedKey }, data: rewrapped });
      indexKeys += count;
    }
  }
  return { shopKeys, indexKeys, kekId: current };
}
