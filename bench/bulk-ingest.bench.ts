// Bulk result ingest of 100,000 customers with orders from the local Admin API server, three ways
// over the same HTTP stream: a bare readline + JSON.parse (the baseline), readCustomersWithOrders
// (stream, validate, reassemble; no database), and the sync's whole ingest into the encrypted vault
// on a throw-away database of DATABASE_URL's engine, SQLite if unset (ingestBulkOperation: minimise,
// encrypt, blind-index, stale-safe upserts, cursor per batch). The baseline runs first so its memory does not inflate the others';
// peak memory is sampled while each runs. The vault ingest runs over the same 100,000 customers by
// default (BENCH_VAULT_INGEST_CUSTOMERS sets another count) and is compared by throughput.
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createDb } from "../app/db.server";
import { loadPrivacyKeys } from "../app/privacy/privacy-keys.server";
import { createAdminGraphqlClient } from "../app/sync/admin-graphql.server";
import { readCustomersWithOrders } from "../app/sync/bulk-jsonl.server";
import { ingestBulkOperation } from "../app/sync/full-sync.server";
import { createThrottleBuckets } from "../app/sync/throttle-buckets.server";
import { createKeyCache } from "../app/vault/key-cache.server";
import { createLocalKeyProvider } from "../app/vault/key-provider.server";
import type { CachedKey } from "../app/vault/keys.server";
import { createVault } from "../app/vault/vault.server";
import { adminApiFixture, startAdminApiServer, type AdminApiServer } from "../harness/admin-api-server";
import { createTemplateDatabase, dropTemplateDatabase } from "../harness/test-database";
import { temporaryVaultStores } from "../harness/vault";
import { customersWithOrdersLines } from "../harness/bulk-jsonl-fixture";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const CUSTOMERS = 100_000;
const VAULT_INGEST_CUSTOMERS = Number(process.env.BENCH_VAULT_INGEST_CUSTOMERS ?? 100_000);
const ORDERS_PER_CUSTOMER = 3;
const NAME = "bulk ingest: 100k customers × 3 orders";
const SHOP = "bench-ingest.myshopify.com";
const ENGINE = process.env.DATABASE_URL?.startsWith("postgres") ? "PostgreSQL" : "SQLite";
const OPERATION = "gid://shopify/BulkOperation/720918";

interface Run {
  ms: number;
  /** CPU time of the whole process meanwhile: on a machine shared with other work, wall time is not the app's alone. */
  cpuMs: number;
  records: number;
  peakRssMb: number;
  peakHeapMb: number;
}

async function measure(count: () => Promise<number>): Promise<Run> {
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heap = Math.max(peak.heap, heapUsed);
  };
  const sampler = setInterval(sample, 20);
  const started = performance.now();
  const cpu = process.cpuUsage();
  try {
    const records = await count();
    sample();
    const { user, system } = process.cpuUsage(cpu);
    return { ms: performance.now() - started, cpuMs: (user + system) / 1000, records, peakRssMb: peak.rss / 2 ** 20, peakHeapMb: peak.heap / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

async function bareReadline(url: string): Promise<number> {
  const response = await fetch(url);
  const lines = createInterface({ input: Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), crlfDelay: Infinity });
  let customers = 0;
  for await (const line of lines) if (!("__parentId" in JSON.parse(line))) customers++;
  return customers;
}

async function bulkJsonl(url: string): Promise<number> {
  let customers = 0;
  for await (const record of readCustomersWithOrders({ url }).records) customers += record.orders.length === ORDERS_PER_CUSTOMER ? 1 : 0;
  return customers;
}

/** The full ingest into the vault, as the sync.ingest-bulk job runs it. */
async function vaultIngest(server: AdminApiServer): Promise<number> {
  const url = server.serveJsonl("vault", () => customersWithOrdersLines({ customers: VAULT_INGEST_CUSTOMERS, ordersPerCustomer: ORDERS_PER_CUSTOMER }));
  // The sync derives subject references from the app's settings: this bench's own throw-away ones.
  process.env.SHOPIFY_API_KEY ??= "bench";
  process.env.SHOPIFY_API_SECRET ??= "bench";
  process.env.SHOPIFY_APP_URL ??= "https://bench.example.com";
  process.env.VAULT_MASTER_KEY ??= randomBytes(32).toString("base64");
  const target = await createTemplateDatabase(process.env.DATABASE_URL);
  const db = createDb(target);
  const stores = temporaryVaultStores();
  try {
    const vault = createVault({ db, keyProvider: createLocalKeyProvider({ currentKey: randomBytes(32) }), cache: createKeyCache<CachedKey>(), ...stores });
    await loadPrivacyKeys(vault);
    const client = createAdminGraphqlClient({ shop: SHOP, accessToken: "bench", apiVersion: "2026-10", baseUrl: server.url, buckets: createThrottleBuckets() });
    const fixture = adminApiFixture("bulk-operation-completed") as { data: { bulkOperation: object } };
    server.answer({ body: { ...fixture, data: { bulkOperation: { ...fixture.data.bulkOperation, url } } } });
    await db.syncState.create({ data: { shop: SHOP, status: "running", bulkOperationId: OPERATION, startedAt: new Date() } });
    await ingestBulkOperation({ db, vault, shop: SHOP, operationId: OPERATION, client, database: target });
    const state = await db.syncState.findUniqueOrThrow({ where: { shop: SHOP } });
    const stored = await db.order.count({ where: { shop: SHOP } });
    if (stored !== VAULT_INGEST_CUSTOMERS * ORDERS_PER_CUSTOMER) throw new Error(`expected ${VAULT_INGEST_CUSTOMERS * ORDERS_PER_CUSTOMER} orders, stored ${stored}`);
    return state.customersSynced;
  } finally {
    await db.$disconnect();
    await dropTemplateDatabase(target);
    stores.remove();
  }
}

function rows(subject: string, run: Run, baseline?: Run, { sameSize = true } = {}): BenchRow[] {
  const perSecond = (r: Run) => (r.records / r.ms) * 1000;
  return [
    { bench: NAME, subject, metric: "time s", value: (run.ms / 1000).toFixed(2), vsBaseline: baseline && sameSize ? ratio(run.ms, baseline.ms) : undefined },
    { bench: NAME, subject, metric: "CPU s", value: (run.cpuMs / 1000).toFixed(2), vsBaseline: baseline && sameSize ? ratio(run.cpuMs, baseline.cpuMs) : undefined },
    { bench: NAME, subject, metric: "customers/s", value: perSecond(run).toFixed(0), vsBaseline: baseline && ratio(perSecond(run), perSecond(baseline)) },
    { bench: NAME, subject, metric: "peak RSS MB", value: run.peakRssMb.toFixed(0), vsBaseline: baseline && ratio(run.peakRssMb, baseline.peakRssMb) },
    { bench: NAME, subject, metric: "peak heap MB", value: run.peakHeapMb.toFixed(0), vsBaseline: baseline && ratio(run.peakHeapMb, baseline.peakHeapMb) },
  ];
}

export const bulkIngestBench: Bench = {
  name: NAME,
  async run() {
    const server = await startAdminApiServer();
    try {
      const url = server.serveJsonl("customers", () => customersWithOrdersLines({ customers: CUSTOMERS, ordersPerCustomer: ORDERS_PER_CUSTOMER }));
      const baseline = await measure(() => bareReadline(url));
      const real = await measure(() => bulkJsonl(url));
      for (const run of [baseline, real]) {
        if (run.records !== CUSTOMERS) throw new Error(`expected ${CUSTOMERS} customers, counted ${run.records}`);
      }
      const stored = await measure(() => vaultIngest(server));
      if (stored.records !== VAULT_INGEST_CUSTOMERS) throw new Error(`expected ${VAULT_INGEST_CUSTOMERS} customers, stored ${stored.records}`);
      const perSecond = (run: Run) => run.records / run.ms;
      const megabytes = (server.download("customers").bytesSent / 2 ** 20).toFixed(0);
      const perCpuSecond = (run: Run) => run.records / run.cpuMs;
      return [
        ...rows(`readline + JSON.parse, ${megabytes} MB (baseline)`, baseline),
        ...rows("bulk-jsonl readCustomersWithOrders", real, baseline),
        ...rows(`ingestBulkOperation into the vault, ${ENGINE}, ${VAULT_INGEST_CUSTOMERS / 1000}k customers`, stored, baseline, { sameSize: false }),
        {
          bench: NAME,
          subject: "vault ingest vs parse-only readCustomersWithOrders",
          metric: "customers/s ratio",
          // Far below 1: two significant digits instead of ratio()'s two decimals.
          value: `${(perSecond(stored) / perSecond(real)).toPrecision(2)}×`,
        },
        {
          bench: NAME,
          subject: "vault ingest vs parse-only readCustomersWithOrders",
          metric: "customers per CPU s ratio",
          value: `${(perCpuSecond(stored) / perCpuSecond(real)).toPrecision(2)}×`,
        },
      ];
    } finally {
      await server.close();
    }
  },
};
