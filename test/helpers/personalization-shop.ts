// A shop with purchases for personalization tests: half its customers consent to marketing (even ids),
// and some products are bought only by customers who refuse, so a test can tell they never reach a model.
import { db } from "../../app/db.server";
import { storeOrderLines } from "../../app/personalization/purchase-lines.server";
import { upsertCustomer } from "../../app/vault/customers.server";
import { vault } from "../../app/vault/vault.server";
import { installShop } from "./shopify";

export const CUSTOMERS = 24;
/** Bought only by customers who do not consent: must never reach a model or a recommendation. */
export const REFUSED_ONLY_PRODUCT = "9999";

export const consents = (customerId: number) => customerId % 2 === 0;
/** Bought only by customer 2, who withdraws in one of the tests. */
export const CUSTOMER_2_ONLY_PRODUCT = "9500";
const productsOf = (customerId: number, order: number) =>
  consents(customerId)
    ? [String(9001 + ((customerId + order) % 10)), String(9001 + ((customerId * 3 + order) % 10)), ...(customerId === 2 ? [CUSTOMER_2_ONLY_PRODUCT] : [])]
    : [REFUSED_ONLY_PRODUCT, String(9001 + (order % 10))];

export async function seedShop(shop: string) {
  await installShop(shop);
  for (let c = 1; c <= CUSTOMERS; c++) {
    await upsertCustomer({
      db: db(),
      vault: vault(),
      shop,
      customer: { id: String(c), createdAt: new Date("2026-01-01T00:00:00Z"), emailMarketingState: consents(c) ? "SUBSCRIBED" : "NOT_SUBSCRIBED", emailMarketingUpdatedAt: new Date("2026-01-02T00:00:00Z") },
      sourceUpdatedAt: new Date("2026-01-01T00:00:00Z"),
    });
    for (let o = 0; o < 1 + (c % 3); o++) {
      await storeOrderLines({
        db: db(),
        shop,
        order: {
          orderId: `${c}00${o}`,
          customerId: String(c),
          purchasedAt: new Date(Date.UTC(2026, 4 + o * 2, 1 + (c % 27))),
          lineItems: productsOf(c, o).map((productId) => ({ productId, variantId: `${productId}1`, quantity: 1 + (c % 2), price: "19.90" })),
        },
      });
    }
  }
}
