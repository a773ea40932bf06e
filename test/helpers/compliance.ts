// Compliance webhooks as Shopify sends them, delivered to the real route.
import { expect } from "vitest";
import { deriveAppendedDeliveries } from "../../app/composition.server";
import { db } from "../../app/db.server";
import { relaySoon } from "../../app/jobs/relay-soon.server";
import { action } from "../../app/routes/webhooks.compliance";
import { respond, webhookRequest } from "./shopify";

export const customerOf = (id: number) => ({ id, email: `customer${id}@mail.example.com`, phone: `+1613555${String(id).padStart(4, "0").slice(-4)}` });

export function dataRequestPayload(shop: string, customerId: number, orders: number[] = []) {
  return { shop_id: 954889, shop_domain: shop, customer: customerOf(customerId), orders_requested: orders, data_request: { id: 9999 } };
}

export function customerRedactPayload(shop: string, customerId: number, orders: number[] = []) {
  return { shop_id: 954889, shop_domain: shop, customer: customerOf(customerId), orders_to_redact: orders };
}

export const shopRedactPayload = (shop: string) => ({ shop_id: 954889, shop_domain: shop });

/**
 * Delivers to the real route, then runs the worker's next relay step once: the route only appends the
 * delivery to the inbox; the request and its job are derived from it, and the job is enqueued at once
 * (best effort, as the relay does; with Redis away the outbox row waits).
 */
export async function deliver(topic: string, shop: string, body: unknown, extra: Partial<Parameters<typeof webhookRequest>[0]> = {}) {
  const response = await respond(() => action({ request: webhookRequest({ path: "/webhooks/compliance", topic, shop, body, ...extra }), params: {}, context: {} }));
  relaySoon((await deriveAppendedDeliveries(db())()).queued);
  return response;
}

/** Waits until the shop's request of that type reaches `status`; returns it. */
export async function requestReaching(shop: string, type: string, status: string, { timeout = 15_000 }: { timeout?: number } = {}) {
  await expect.poll(async () => (await db().privacyRequest.findFirst({ where: { shop, type } }))?.status, { timeout, interval: 50 }).toBe(status);
  return db().privacyRequest.findFirstOrThrow({ where: { shop, type } });
}
