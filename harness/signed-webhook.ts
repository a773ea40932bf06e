// Webhooks as Shopify sends them over HTTP, signed with the app secret: for benchmarks and the demo
// shop, which drive a running app through its real webhook routes.
import { createHmac, randomUUID } from "node:crypto";

/** A webhook as Shopify sends it, signed with the app secret `secret` (without its per-delivery id). */
export function signedWebhook(secret: string, topic: string, shop: string, payload: unknown) {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": shop,
    "x-shopify-api-version": "2026-10",
    "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
  };
  return { body, headers };
}

/**
 * Every delivery has its own id and a current trigger time (without one, app/uninstalled is refused
 * and compliance topics are held, decision 006); the HMAC covers the body only, so it stays valid.
 */
export const withFreshWebhookId = (headers: Record<string, string>) => ({
  ...headers,
  "x-shopify-webhook-id": randomUUID(),
  "x-shopify-triggered-at": new Date().toISOString(),
});
