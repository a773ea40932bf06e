// Everything the vault holds about one customer, decrypted, for a GDPR access request
// (customers/data_request). The privacy-request code formats and delivers it.
import type { Db } from "../db.server";
import { readCustomer } from "./customers.server";
import { customerOrders } from "./orders.server";
import type { Vault } from "./vault.server";

export async function exportCustomer({
  db,
  vault,
  shop,
  customerId,
  orderIds,
}: {
  db: Db;
  vault: Vault;
  shop: string;
  customerId: string;
  /** Shopify's orders_requested: exported too when stored without a link to the customer. */
  orderIds?: readonly string[];
}) {
  const [profile, orders] = await Promise.all([
    readCustomer({ db, vault, shop, customerId }),
    customerOrders({ db, shop, customerId, orderIds }),
  ]);
  return { shop, customerId, profile, orders };
}
