// Webhook acknowledgement under concurrent load: the real app (production build, real route, real
// database, real Redis) against a bare node:http server that only verifies the HMAC, same run.
import type autocannon from "autocannon";
import { signedWebhook, startAppStack, withFreshWebhookId } from "./lib/app-stack";
import { load, throughputRows as rows, type Bench } from "./lib/harness";

function webhookAck(name: string, route: string, topic: string, payload: (shop: string) => unknown): Bench {
  return {
    name,
    async run() {
      const stack = await startAppStack();
      try {
        const { body, headers } = signedWebhook(stack.secret, topic, "bench-shop.myshopify.com", payload("bench-shop.myshopify.com"));
        const request: autocannon.Request = {
          method: "POST",
          body,
          headers,
          setupRequest: (req) => ({ ...req, headers: withFreshWebhookId(req.headers as Record<string, string>) }),
        };
        const appUrl = `${stack.appUrl}${route}`;
        // Warm both (JIT, connection pools) before measuring.
        await load({ url: appUrl, requests: [request], duration: 2 });
        await load({ url: stack.baselineUrl, requests: [request], duration: 2 });
        const baseline = await load({ url: stack.baselineUrl, requests: [request] });
        const real = await load({ url: appUrl, requests: [request] });
        return [...rows(name, "node:http + HMAC (baseline)", baseline), ...rows(name, `app ${route}`, real, baseline)];
      } finally {
        await stack.stop();
      }
    },
  };
}

export const webhookAckBenches: Bench[] = [
  webhookAck("webhook ack: app/uninstalled", "/webhooks/app/uninstalled", "app/uninstalled", (shop) => ({ id: 1, name: "Bench shop", domain: shop, myshopify_domain: shop })),
  webhookAck("webhook ack: customers/redact", "/webhooks/compliance", "customers/redact", (shop) => ({
    shop_id: 954889,
    shop_domain: shop,
    customer: { id: 191167, email: "bench@mail.example.com", phone: "+16135550100" },
    orders_to_redact: [299938, 280263],
  })),
];
