// The encrypted customer vault as a holder of personal data: finds customers by email or phone for
// requests without an id, exports them decrypted, erases them by crypto-shredding.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { exportCustomer } from "./customer-export.server";
import { findCustomerByEmail, findCustomerByPhone } from "./customer-lookup.server";
import { eraseCustomer, eraseShop } from "./erasure.server";
import type { Vault } from "./vault.server";

export function vaultHolder(vault: Vault): CustomerDataHolder {
  return {
    name: "vault",
    sources: {
      profile: ["shopify_customer_webhooks", "shopify_consent_webhooks", "shopify_full_sync"],
      orders: ["shopify_order_webhooks", "shopify_full_sync"],
    },
    async findCustomerIds({ db, shop, email, phone }) {
      const found = await Promise.all([
        email ? findCustomerByEmail({ db, vault, shop, email }) : null,
        phone ? findCustomerByPhone({ db, vault, shop, phone }) : null,
      ]);
      return found.flatMap((customer) => (customer ? [customer.customerId] : []));
    },
    async exportCustomer({ db, subject }) {
      const { profile, orders } = await exportCustomer({ db, vault, shop: subject.shop, customerId: subject.customerId, orderIds: subject.orderIds });
      return { profile, orders };
    },
    eraseCustomer: async ({ db, subject, progress }) => ({
      ...(await eraseCustomer({ db, vault, shop: subject.shop, customerId: subject.customerId, orderIds: subject.orderIds, progress })),
    }),
    eraseShop: ({ db, shop }) => eraseShop({ db, vault, shop }),
  };
}
