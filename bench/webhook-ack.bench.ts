// Webhook acknowledgement under concurrent load: the real app (production build, real route, real
// database, real Redis) against a bare node:http server that only verifies the HMAC, same run, on
// SQLite and on PostgreSQL; throughput, p50/p99 and the CPU time each process spends per webhook.
import type autocannon from "autocannon";
import { restCustomer } from "../harness/shopify-rest-payloads";
import { startAppStack } from "./lib/app-stack";
import { signedWebhook, withFreshWebhookId } from "../harness/signed-webhook";
import { load, loadWithCpu, ratio, throughputRows as rows_, type Bench, type BenchRow } from "./lib/harness";

/** Both engines in the same run: SQLite (a file) and PostgreSQL (BENCH_POSTGRES_URL, else the local server). */
const ENGINES = [
  { engine: "SQLite", databaseUrl: "file:bench.db" },
  { engine: "PostgreSQL", databaseUrl: process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test" },
];

const cpuRow = (bench: string, subject: string, result: { cpuMsPerRequest: number }, baseline?: { cpuMsPerRequest: number }) => ({
  bench,
  subject,
  metric: "CPU ms/webhook",
  value: result.cpuMsPerRequest.toFixed(3),
  vsBaseline: baseline && ratio(result.cpuMsPerRequest, baseline.cpuMsPerRequest),
});

function webhookAck(name: string, route: string, topic: string, payload: (shop: string) => unknown): Bench {
  return {
    name,
    async run() {
      const rows: BenchRow[] = [];
      for (const { engine, databaseUrl } of ENGINES) {
        const stack = await startAppStack({ databaseUrl });
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
          const baseline = await loadWithCpu(stack.baselinePid, { url: stack.baselineUrl, requests: [request] });
          const real = await loadWithCpu(stack.appPid, { url: appUrl, requests: [request] });
          const subject = `app ${route} (${engine})`;
          rows.push(...rows_(name, `node:http + HMAC (baseline, ${engine} run)`, baseline), cpuRow(name, `node:http + HMAC (baseline, ${engine} run)`, baseline));
          rows.push(...rows_(name, subject, real, baseline), cpuRow(name, subject, real, baseline));
        } finally {
          await stack.stop();
        }
      }
      return rows;
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
  webhookAck("webhook ack: customers/update", "/webhooks/sync", "customers/update", () => restCustomer(191167)),
];
