// A full sync of a shop writes thousands of customers the vault has never seen; row by row that is
// one SQLite commit (and a dozen statements) per customer. For customers the vault holds nothing of,
// with orders it holds nothing of either, this writes their keys, rows and orders with multi-row
// inserts in one transaction. Everything else, and any batch a concurrent writer got to first, is
// left to the caller's row-by-row stale-safe upserts.
import { isUniqueViolation, type Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import { customerColumns, initialConsent, type ShopifyCustomer } from "./customers.server";
import { currentWrappingKey, makeCustomerKey, rememberCustomerKey } from "./keys.server";
import { orderColumns, type ShopifyOrder } from "./orders.server";
import { customerCipher, type Vault } from "./vault.server";

export interface SyncedCustomer {
  customer: ShopifyCustomer;
  sourceUpdatedAt: Date;
  orders: { order: ShopifyOrder; sourceUpdatedAt: Date }[];
}

/** Returns the ids of the customers it stored; the rest are the caller's to upsert. */
export async function insertNewCustomers({ db, vault, shop, customers }: { db: Db; vault: Vault; shop: string; customers: SyncedCustomer[] }) {
  const customerIds = customers.map(({ customer }) => customer.id);
  const orderIds = customers.flatMap(({ orders }) => orders.map(({ order }) => order.id));
  // In bounded batches: one customer of a bulk result may bring any number of orders.
  const known = new Set<string>();
  for (const batch of batchesOf(customerIds)) {
    const [storedCustomers, storedKeys] = await Promise.all([
      db.customer.findMany({ where: { shop, customerId: { in: batch } }, select: { customerId: true } }),
      db.vaultCustomerKey.findMany({ where: { shop, customerId: { in: batch } }, select: { customerId: true } }),
    ]);
    for (const row of [...storedCustomers, ...storedKeys]) known.add(row.customerId);
  }
  const knownOrders = new Set<string>();
  for (const batch of batchesOf(orderIds)) {
    for (const row of await db.order.findMany({ where: { shop, orderId: { in: batch } }, select: { orderId: true } })) knownOrders.add(row.orderId);
  }
  const fresh = customers.filter(({ customer, orders }) => !known.has(customer.id) && orders.every(({ order }) => !knownOrders.has(order.id)));
  if (fresh.length === 0) return new Set<string>();

  const wrapping = await currentWrappingKey(vault, shop);
  const made = fresh.map(({ customer }) => makeCustomerKey({ shop, customerId: customer.id, ...wrapping }));
  const customerRows = await Promise.all(
    fresh.map(async ({ customer, sourceUpdatedAt }, index) => ({
      shop,
      customerId: customer.id,
      ...(await customerColumns({ vault, shop, customer, cipher: customerCipher(shop, customer.id, made[index]!.key), sourceUpdatedAt })),
      ...initialConsent(customer),
    })),
  );
  const orderRows = fresh.flatMap(({ orders }) =>
    orders.map(({ order, sourceUpdatedAt }) => ({ shop, orderId: order.id, lineItems: "[]", ...orderColumns(order, sourceUpdatedAt) })),
  );
  try {
    await db.$transaction([
      db.vaultCustomerKey.createMany({ data: made.map(({ row }) => row) }),
      db.customer.createMany({ data: customerRows }),
      db.order.createMany({ data: orderRows }),
    ]);
  } catch (error) {
    // A webhook stored one of them meanwhile: nothing of this batch was written; go row by row.
    if (isUniqueViolation(error)) return new Set<string>();
    throw error;
  }
  fresh.forEach(({ customer }, index) => rememberCustomerKey(vault, shop, customer.id, made[index]!.key));
  return new Set(fresh.map(({ customer }) => customer.id));
}
