// Scale-out on PostgreSQL: one web and one worker process against two of each, same run, under the
// same redaction webhook load spread over the web processes (as a load balancer would). Measures
// acknowledgements per second and the time until every accepted redaction completed, and checks
// that none was lost and none completed twice.
import type autocannon from "autocannon";
import { createDb, type Db } from "../app/db.server";
import { databaseTarget } from "../app/database-target.server.mjs";
import { startAppStack, type AppStack } from "./lib/app-stack";
import { signedWebhook, withFreshWebhookId } from "../harness/signed-webhook";
import { load, ratio, type Bench, type BenchRow, type LoadResult } from "./lib/harness";

const POSTGRES_URL = process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "postgresql://postgres@127.0.0.1:5432/test";
const SHOP = "bench-scale.myshopify.com";
const CONNECTIONS = 32;
const LOAD_SECONDS = 8;
// A run that makes no progress for this long has lost work: the bench fails rather than waits.
const STALL_MS = 120_000;

/** Each request a new customer and delivery, signed as Shopify signs it. */
function redactionRequests(secret: string, firstCustomer: number): autocannon.Request {
  let next = firstCustomer;
  return {
    method: "POST",
    setupRequest: (request) => {
      const customerId = next++;
      const payload = { shop_id: 1, shop_domain: SHOP, customer: { id: customerId, email: `c${customerId}@mail.example.com` }, orders_to_redact: [] };
      const { body, headers } = signedWebhook(secret, "customers/redact", SHOP, payload);
      return { ...request, body, headers: withFreshWebhookId(headers) };
    },
  };
}

/** The same load on every web process at once, connections split between them. */
async function loadAll(stack: AppStack): Promise<LoadResult> {
  const results = await Promise.all(
    stack.appUrls.map((url, index) =>
      load({
        url: `${url}/webhooks/compliance`,
        connections: CONNECTIONS / stack.appUrls.length,
        duration: LOAD_SECONDS,
        requests: [redactionRequests(stack.secret, 1_000_000 * (index + 1))],
      }),
    ),
  );
  return {
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
    p50: Math.max(...results.map((result) => result.p50)),
    p99: Math.max(...results.map((result) => result.p99)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    ok: results.reduce((sum, result) => sum + result.ok, 0),
  };
}

async function untilAllCompleted(db: Db, accepted: number): Promise<void> {
  let last = -1;
  let progressAt = Date.now();
  for (;;) {
    const completed = await db.privacyRequest.count({ where: { shop: SHOP, status: "completed" } });
    if (completed >= accepted) return;
    if (completed !== last) [last, progressAt] = [completed, Date.now()];
    if (Date.now() - progressAt > STALL_MS) throw new Error(`scale-out: ${completed} of ${accepted} redactions completed, no progress for ${STALL_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

interface ScaleRun {
  label: string;
  ack: LoadResult;
  completedPerSecond: number;
  lost: number;
  completedTwice: number;
}

async function run(webProcesses: number, workerProcesses: number): Promise<ScaleRun> {
  const stack = await startAppStack({ webProcesses, workerProcesses, databaseUrl: POSTGRES_URL });
  const db = createDb(databaseTarget(stack.env.DATABASE_URL));
  try {
    const started = performance.now();
    const ack = await loadAll(stack);
    await untilAllCompleted(db, ack.ok);
    const seconds = (performance.now() - started) / 1000;
    const stored = await db.privacyRequest.count({ where: { shop: SHOP } });
    const completions = await db.privacyRequestEvent.groupBy({ by: ["requestId"], where: { shop: SHOP, kind: "completed" }, _count: { _all: true } });
    return {
      label: `${webProcesses} web + ${workerProcesses} worker`,
      ack,
      completedPerSecond: ack.ok / seconds,
      lost: ack.ok - Math.min(stored, completions.length),
      completedTwice: completions.filter((row) => row._count._all > 1).length,
    };
  } finally {
    await db.$disconnect();
    await stack.stop();
  }
}

function rows(bench: string, result: ScaleRun, baseline?: ScaleRun): BenchRow[] {
  if (result.ack.errors) throw new Error(`${result.label}: ${result.ack.errors} connection errors`);
  return [
    { bench, subject: result.label, metric: "acks/s", value: result.ack.requestsPerSecond.toFixed(0), vsBaseline: baseline && ratio(result.ack.requestsPerSecond, baseline.ack.requestsPerSecond) },
    { bench, subject: result.label, metric: "ack p99 ms", value: String(result.ack.p99), vsBaseline: baseline && ratio(result.ack.p99, baseline.ack.p99) },
    { bench, subject: result.label, metric: "non-2xx", value: String(result.ack.non2xx) },
    { bench, subject: result.label, metric: "redactions accepted", value: String(result.ack.ok) },
    { bench, subject: result.label, metric: "completed/s (load start → last done)", value: result.completedPerSecond.toFixed(1), vsBaseline: baseline && ratio(result.completedPerSecond, baseline.completedPerSecond) },
    { bench, subject: result.label, metric: "lost / completed twice", value: `${result.lost} / ${result.completedTwice}` },
  ];
}

export const scaleOutBench: Bench = {
  name: "scale-out on PostgreSQL",
  async run() {
    const single = await run(1, 1);
    const double = await run(2, 2);
    for (const result of [single, double]) {
      if (result.lost || result.completedTwice) throw new Error(`${result.label}: ${result.lost} lost, ${result.completedTwice} completed twice`);
    }
    return [...rows(this.name, single), ...rows(this.name, double, single)];
  },
};
