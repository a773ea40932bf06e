// Customer, order and bulk-operation webhooks delivered to the real route (bodies: harness/shopify-rest-payloads.ts).
import { expect } from "vitest";
import { db } from "../../app/db.server";
import { action } from "../../app/routes/webhooks.sync";
import { readCustomer } from "../../app/vault/customers.server";
import { vault } from "../../app/vault/vault.server";
import { respond, webhookRequest } from "./shopify";

export function deliverSync(topic: string, shop: string, body: unknown, extra: Partial<Parameters<typeof webhookRequest>[0]> = {}) {
  return respond(() => action({ request: webhookRequest({ path: "/webhooks/sync", topic, shop, body, ...extra }), params: {}, context: {} }));
}

export const vaultCustomer = (shop: string, customerId: number | string) => readCustomer({ db: db(), vault: vault(), shop, customerId: String(customerId) });

/** Waits until every sync delivery of the shop was applied (its sealed payload cleared). */
export async function syncDeliveriesApplied(shop: string) {
  await expect.poll(() => db().webhookDelivery.count({ where: { shop, sealedPayload: { not: null } } }), { timeout: 15_000, interval: 50 }).toBe(0);
}
