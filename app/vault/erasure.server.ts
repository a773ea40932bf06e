// Erasure by crypto-shredding: deleting a customer's data key makes every ciphertext made with it
// unreadable, including copies in database backups whose key rows are gone (see
// docs/decisions/003-vault-encryption.md). Rows and blind indexes are deleted as well, explicitly:
// indexes are keyed hashes under the shop's index key, which shredding the customer key does not touch.
import type { Db } from "../db.server";
import type { Vault } from "./vault.server";

/** customers/redact. Safe to repeat: a second run erases nothing and says so. */
export async function eraseCustomer({
  db,
  vault,
  shop,
  customerId,
  orderIds = [],
}: {
  db: Db;
  vault: Vault;
  shop: string;
  customerId: string;
  /** Shopify's orders_to_redact: also erased when they are no longer linked to the customer. */
  orderIds?: string[];
}) {
  const [emailIndexes, phoneIndexes, customerKeys, customers, orders] = await db.$transaction([
    // Cleared first and counted, so the erasure report shows the indexes went too.
    db.customer.updateMany({ where: { shop, customerId, emailIndex: { not: null } }, data: { emailIndex: null } }),
    db.customer.updateMany({ where: { shop, customerId, phoneIndex: { not: null } }, data: { phoneIndex: null } }),
    db.vaultCustomerKey.deleteMany({ where: { shop, customerId } }),
    db.customer.deleteMany({ where: { shop, customerId } }),
    db.order.deleteMany({ where: { shop, OR: [{ customerId }, { orderId: { in: orderIds } }] } }),
  ]);
  vault.forgetCustomer({ shop, customerId });
  return { customerKeys: customerKeys.count, customers: customers.count, blindIndexes: emailIndexes.count + phoneIndexes.count, orders: orders.count };
}

/** shop/redact: every vault row and key of the shop. Safe to repeat. */
export async function eraseShop({ db, vault, shop }: { db: Db; vault: Vault; shop: string }) {
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
  return {
    customerKeys: customerKeys.count,
    customers: customers.count,
    orders: orders.count,
    shopKeys: shopKeys.count,
    indexKeys: indexKeys.count,
    rotations: rotations.count,
  };
}
