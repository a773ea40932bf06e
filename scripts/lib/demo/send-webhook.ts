// One webhook to the app as Shopify sends it (HMAC-signed, with its delivery headers), for the demo's
// fill and its stand-in for Shopify. Imports nothing of the app, so it can run before the app's settings load.
import { signedWebhook } from "../../../harness/signed-webhook";
import type { DemoWebhook } from "./demo-webhooks";

/** One signed webhook to the app, as Shopify sends it; anything but 200 is an error. */
export async function sendWebhook({ appUrl, secret, shop, webhook }: { appUrl: string; secret: string; shop: string; webhook: DemoWebhook }) {
  const { body, headers } = signedWebhook(secret, webhook.topic, shop, webhook.payload);
  const response = await fetch(`${appUrl}${webhook.path}`, {
    method: "POST",
    body,
    headers: { ...headers, "x-shopify-webhook-id": webhook.id, "x-shopify-triggered-at": new Date().toISOString() },
  });
  if (response.status !== 200) throw new Error(`${webhook.topic} ${webhook.id} was answered ${response.status}: ${await response.text()}`);
}

