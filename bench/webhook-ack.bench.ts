// Webhook acknowledgement under concurrent load: the real app (production build, real route, real
// database) against a bare node:http server that only verifies the HMAC, in the same run.
import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";
import { createTemplateDatabase, dropTemplateDatabase } from "../test/helpers/test-database";
import { freePort, load, ratio, startProcess, stopProcess, type Bench, type BenchRow, type LoadResult } from "./lib/harness";

const root = path.resolve(import.meta.dirname, "..");
const SECRET = randomBytes(16).toString("hex");

function webhook(topic: string, shop: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return {
    method: "POST" as const,
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": randomBytes(8).toString("hex"),
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(body).digest("base64"),
    },
  };
}

function rows(bench: string, subject: string, result: LoadResult, baseline?: LoadResult): BenchRow[] {
  if (result.non2xx || result.errors) throw new Error(`${subject}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return [
    { bench, subject, metric: "req/s", value: result.requestsPerSecond.toFixed(0), vsBaseline: baseline && ratio(result.requestsPerSecond, baseline.requestsPerSecond) },
    { bench, subject, metric: "p50 ms", value: String(result.p50), vsBaseline: baseline && ratio(result.p50, baseline.p50) },
    { bench, subject, metric: "p99 ms", value: String(result.p99), vsBaseline: baseline && ratio(result.p99, baseline.p99) },
  ];
}

/** Measures `topic` on `route` of the app against the HMAC-only baseline. */
export async function benchWebhookRoute(name: string, route: string, request: ReturnType<typeof webhook>): Promise<BenchRow[]> {
  const database = await createTemplateDatabase(process.env.DATABASE_URL);
  const [appPort, basePort] = [await freePort(), await freePort()];
  const env = {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: "https://bench.example.com",
    VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
    DATABASE_URL: database.url,
    REDIS_PREFIX: `cvbench${randomBytes(3).toString("hex")}`,
    LOG_LEVEL: "info",
  };
  const tsx = ["--import", "tsx"];
  const app = await startProcess(process.execPath, [...tsx, path.join(root, "server.ts")], { ...env, PORT: String(appPort) }, `http://127.0.0.1:${appPort}/healthz`);
  const base = await startProcess(process.execPath, [...tsx, path.join(root, "bench/baselines/hmac-server.ts")], { ...env, PORT: String(basePort) }, `http://127.0.0.1:${basePort}/`);
  try {
    // Warm both (JIT, connection pools) before measuring.
    await load({ url: `http://127.0.0.1:${appPort}${route}`, ...request, duration: 2 });
    await load({ url: `http://127.0.0.1:${basePort}/`, ...request, duration: 2 });
    const baseline = await load({ url: `http://127.0.0.1:${basePort}/`, ...request });
    const real = await load({ url: `http://127.0.0.1:${appPort}${route}`, ...request });
    return [...rows(name, "node:http + HMAC (baseline)", baseline), ...rows(name, `app ${route}`, real, baseline)];
  } finally {
    await Promise.all([stopProcess(app), stopProcess(base)]);
    await dropTemplateDatabase(database);
  }
}

export const webhookAckBench: Bench = {
  name: "webhook ack: app/uninstalled",
  run: () =>
    benchWebhookRoute(
      "webhook ack: app/uninstalled",
      "/webhooks/app/uninstalled",
      webhook("app/uninstalled", "bench-shop.myshopify.com", { id: 1, name: "Bench shop", domain: "bench-shop.myshopify.com" }),
    ),
};

export { webhook };
