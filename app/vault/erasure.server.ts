// Erasure by crypto-shredding: deleting a customer's data key makes every ciphertext made with it
// unreadable (docs/decisions/003-vault-encryption.md). Rows and blind indexes are deleted as well,
// explicitly: indexes are keyed hashes under the shop's index key, which shredding the customer key
// does not touch. A deleted key row still lives on in the database's history and backups, so every
// erasure is also journaled (re-applied after a restore) and marks the shop's erasure epoch for
// rotation, which destroys the wrapping of every copy of the key
// (docs/decisions/011-erasure-reaches-backups.md).
import type { Db, Tx } from "../db.server";
import { batchesOf } from "../id-batches.server";
import type { ErasureCheckpoint, ErasureProgress } from "../privacy/customer-data-holder.server";
import type { Vault } from "./vault.server";

export interface CustomerErasure {
  customerKeys: number;
  customers: number;
  blindIndexes: number;
  orders: number;
}

const NOTHING_ERASED: CustomerErasure = { customerKeys: 0, customers: 0, blindIndexes: 0, orders: 0 };

/**
 * customers/redact. Safe to repeat: a second run erases nothing and says so. Batch 0 is the customer
 * (key, row, indexes, linked orders); the orders Shopify names follow in bounded batches, each
 * committed with its checkpoint when `progress` is given, so any number of them can be erased and a
 * killed worker resumes after the last committed batch with the counts so far.
 */
export async function eraseCustomer({
  db,
  vault,
  shop,
  customerId,
  orderIds = [],
  progress,
}: {
  db: Db;
  vault: Vault;
  shop: string;
  customerId: string;
  /** Shopify's orders_to_redact: also erased when they are no longer linked to the customer. */
  orderIds?: readonly string[];
  progress?: ErasureProgress;
}): Promise<CustomerErasure> {
  const seq = await vault.journal.recordCustomer({ shop, customerId, orderIds });
  const saved = await progress?.load();
  let erased: CustomerErasure = { ...NOTHING_ERASED, ...(saved?.erased as Partial<CustomerErasure> | undefined) };
  const batches = batchesOf(orderIds);
  const commit = (tx: Tx, checkpoint: ErasureCheckpoint) => progress?.save(tx, checkpoint);

  if (!saved || saved.nextBatch === 0) {
    await db.$transaction(async (tx) => {
      // Cleared first and counted, so the erasure report shows the indexes went too.
      const emailIndexes = await tx.customer.updateMany({ where: { shop, customerId, emailIndex: { not: null } }, data: { emailIndex: null } });
      const phoneIndexes = await tx.customer.updateMany({ where: { shop, customerId, phoneIndex: { not: null } }, data: { phoneIndex: null } });
      const customerKeys = await tx.vaultCustomerKey.deleteMany({ where: { shop, customerId } });
      const customers = await tx.customer.deleteMany({ where: { shop, customerId } });
      const orders = await tx.order.deleteMany({ where: { shop, customerId } });
      erased = {
        customerKeys: customerKeys.count,
        customers: customers.count,
        blindIndexes: emailIndexes.count + phoneIndexes.count,
        orders: orders.count,
      };
      await commit(tx, { nextBatch: 1, erased: { ...erased } });
    });
  }
  vault.forgetCustomer({ shop, customerId });

  for (let batch = Math.max(saved?.nextBatch ?? 1, 1); batch <= batches.length; batch++) {
    await db.$transaction(async (tx) => {
      const { count } = await tx.order.deleteMany({ where: { shop, orderId: { in: batches[batch - 1]! } } });
      erased = { ...erased, orders: erased.orders + count };
      await commit(tx, { nextBatch: batch + 1, erased: { ...erased } });
    });
  }
  // Also makes the shop due for an epoch rotation; a crash before it leaves the erasure to its retry.
  await vault.journal.complete(seq);
  return erased;
}

/** shop/redact: every vault row and key of the shop, and every epoch secret of it. Safe to repeat. */
export async function eraseShop({ db, vault, shop }: { db: Db; vault: Vault; shop: string }) {
  const seq = await vault.journal.recordShop({ shop });
  const where = { shop };
  const [customerKeys, customers, orders, shopKeys, indexKeys, rotations] = await db.$transaction([
    db.vaultCustomerKey.deleteMany({ where }),
    db.customer.deleteMany({ where }),
    db.order.deleteMany({ where }),
    db.vaultShopKey.deleteMany({ where }),
    db.vaultIndexKey.deleteMany({ where }),
    db.vaultKeyRotation.deleteMany({ where }),
  ]);
  vault.forgetShop({ shop });
  // Destroying the secrets makes every copy of the shop's customer keys unreadable at once; no rotation needed.
  const epochs = await vault.epochs.destroyShop(shop);
  await vault.journal.complete(seq);
  return {
    epochSecrets: epochs,
    customerKeys: customerKeys.count,
    customers: customers.count,
    orders: orders.count,
    shopKeys: shopKeys.count,
    indexKeys: indexKeys.count,
    rotations: rotations.count,
  };
}
