// From the sync's minimised shapes to what the vault stores.
import type { ShopifyCustomer } from "../vault/customers.server";
import type { SyncedCustomer } from "./webhook-payloads.server";

export function vaultCustomer(customer: SyncedCustomer): ShopifyCustomer {
  return {
    id: customer.customerId,
    createdAt: customer.createdAt,
    state: customer.state,
    currency: customer.currency,
    email: customer.email,
    phone: customer.phone,
    firstName: customer.firstName,
    lastName: customer.lastName,
    defaultAddress: customer.defaultAddress,
    note: customer.note,
  };
}
