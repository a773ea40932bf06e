// Real time: from the acknowledgement of an orders/create webhook to the customer's metafields
// arriving at the Admin API (the write-back job's request), through the production app, a worker
// process and the local Admin API server in Shopify's place. Baseline: raw BullMQ no-op jobs.
import { createDb } from "../app/db.server";
import { databaseTarget } from "../app/database-target.server.mjs";
import { addToOutbox } from "../app/jobs/outbox.server";
import { fitShopJob } from "../app/personalization/jobs.server";
import { adminApiFixture, startAdminApiServer } from "../harness/admin-api-server";
import { signedWebhook, startAppStack, withFreshWebhookId } from "./lib/app-stack";
import { ratio, type Bench, type BenchRow } from "./lib/harness";
import { percentile, rawBullmqLatencies } from "./redaction-latency.bench";

const SHOP = "bench-realtime.myshopify.com";
const CUSTOMERS = 200;
const ORDERS_PER_CUSTOMER = 3;
const MEASURED = 60;
const PRODUCTS = 120;

let orderId = 5_000_000;
function order(customerId: number, products: number[]) {
  const id = ++orderId;
  const now = new Date().toISOString();
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    created_at: now,
    processed_at: now,
    updated_at: now,
    currency: "EUR",
    total_price: (products.length * 19.9).toFixed(2),
    financial_status: "paid",
    customer: { id: customerId },
    line_items: products.map((product, i) => ({ id: i + 1, product_id: 7_000_000 + product, variant_id: 8_000_000 + product, title: "Item", quantity: 1, price: "19.90" })),
  };
}

const basket = (customerId: number, n: number) => [(customerId * 7 + n * 3) % PRODUCTS, (customerId * 11 + n) % PRODUCTS, (customerId + n * 13) % PRODUCTS];

export const personalizationRealtimeBench: Bench = {
  name: "orders/create → write-back",
  async run() {
    const admin = await startAdminApiServer();
    admin.answer(...Array.from({ length: 5_000 }, () => ({ body: adminApiFixture("metafields-set") })));
    const stack = await startAppStack({ workerProcesses: 1, extraEnv: { SHOPIFY_ADMIN_API_ORIGIN: admin.url } });
    const db = createDb(databaseTarget(stack.env.DATABASE_URL));
    const deliver = async (customerId: number, products: number[]) => {
      const { body, headers } = signedWebhook(stack.secret, "orders/create", SHOP, order(customerId, products));
      // Sync topics must say when Shopify triggered them (decision 006).
      const response = await fetch(`${stack.appUrl}/webhooks/sync`, { method: "POST", body, headers: { ...withFreshWebhookId(headers), "x-shopify-triggered-at": new Date().toISOString() } });
      if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
      return Date.now();
    };
    try {
      await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "shpat_bench", scope: "read_customers,read_orders,write_customers,write_products" } });
      const created = new Date("2026-01-01T00:00:00Z");
      await db.customer.createMany({
        data: Array.from({ length: CUSTOMERS }, (_, i) => ({ shop: SHOP, customerId: String(1 + i), sourceUpdatedAt: created, createdAt: created, emailMarketingState: "SUBSCRIBED", emailMarketingUpdatedAt: created })),
      });
      // History through the app itself, so lines are stored under its own keys.
      for (let n = 0; n < ORDERS_PER_CUSTOMER; n++) {
        for (let c = 1; c <= CUSTOMERS; c += 8) await Promise.all(Array.from({ length: Math.min(8, CUSTOMERS - c + 1) }, (_, i) => deliver(c + i, basket(c + i, n))));
      }
      while ((await db.purchaseLine.count({ where: { shop: SHOP } })) < CUSTOMERS * ORDERS_PER_CUSTOMER * 3 * 0.9) await new Promise((resolve) => setTimeout(resolve, 200));
      await addToOutbox(db, { shop: SHOP, job: fitShopJob, payload: { shop: SHOP } });
      while ((await db.customerInsight.count({ where: { shop: SHOP, writtenBackAt: { not: null } } })) < CUSTOMERS) await new Promise((resolve) => setTimeout(resolve, 200));

      const latencies: number[] = [];
      for (let m = 0; m < MEASURED; m++) {
        const customerId = 1 + ((m * 37) % CUSTOMERS);
        const from = admin.requests.length;
        const acknowledged = await deliver(customerId, [(m * 5) % PRODUCTS]);
        const owner = `gid://shopify/Customer/${customerId}`;
        for (;;) {
          const hit = admin.requests.slice(from).find((request) => request.receivedAt >= acknowledged && request.body.includes(owner));
          if (hit) {
            latencies.push(hit.receivedAt - acknowledged);
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }
      latencies.sort((a, b) => a - b);
      const baseline = await rawBullmqLatencies(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
      const name = this.name;
      const subject = `app, ${MEASURED} orders one after another (500 ms rescore debounce), ${CUSTOMERS} customers fitted`;
      return [
        { bench: name, subject: "raw BullMQ no-op job (baseline)", metric: "p50 ms", value: percentile(baseline, 50).toFixed(1) },
        { bench: name, subject: "raw BullMQ no-op job (baseline)", metric: "p95 ms", value: percentile(baseline, 95).toFixed(1) },
        { bench: name, subject, metric: "p50 ms", value: String(percentile(latencies, 50)), vsBaseline: ratio(percentile(latencies, 50), percentile(baseline, 50)) },
        { bench: name, subject, metric: "p95 ms", value: String(percentile(latencies, 95)), vsBaseline: ratio(percentile(latencies, 95), percentile(baseline, 95)) },
      ] satisfies BenchRow[];
    } finally {
      await db.$disconnect();
      await stack.stop();
      await admin.close();
    }
  },
};
