// Real time: from the acknowledgement of an orders/create webhook to the customer's metafields
// arriving at the Admin API (the write-back job's request), through the production app, a worker
// process and the local Admin API server in Shopify's place. Baseline: raw BullMQ no-op jobs.
import { PRODUCTS, startFittedShop } from "./lib/fitted-shop";
import { ratio, type Bench, type BenchRow } from "./lib/harness";
import { percentile, rawBullmqLatencies } from "./redaction-latency.bench";

const SHOP = "bench-realtime.myshopify.com";
const CUSTOMERS = 200;
const MEASURED = 60;

export const personalizationRealtimeBench: Bench = {
  name: "orders/create → write-back",
  async run() {
    const { admin, deliverOrder: deliver, stop } = await startFittedShop({ shop: SHOP, customers: CUSTOMERS });
    try {
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
      await stop();
    }
  },
};
