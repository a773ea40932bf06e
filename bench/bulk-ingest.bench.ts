// Bulk result ingest: readCustomersWithOrders (stream, validate, reassemble) over 100,000 customers
// with orders from the local Admin API server, against a bare readline + JSON.parse over the same
// HTTP stream. No database: storage is measured elsewhere. The baseline runs first so its memory
// does not inflate the app's; peak memory is sampled while each runs.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { readCustomersWithOrders } from "../app/sync/bulk-jsonl.server";
import { startAdminApiServer } from "../test/helpers/admin-api-server";
import { customersWithOrdersLines } from "../test/helpers/bulk-jsonl-fixture";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const CUSTOMERS = 100_000;
const ORDERS_PER_CUSTOMER = 3;
const NAME = "bulk ingest: 100k customers × 3 orders";

interface Run {
  ms: number;
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
  try {
    const records = await count();
    sample();
    return { ms: performance.now() - started, records, peakRssMb: peak.rss / 2 ** 20, peakHeapMb: peak.heap / 2 ** 20 };
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

function rows(subject: string, run: Run, baseline?: Run): BenchRow[] {
  const perSecond = (r: Run) => (r.records / r.ms) * 1000;
  return [
    { bench: NAME, subject, metric: "time s", value: (run.ms / 1000).toFixed(2), vsBaseline: baseline && ratio(run.ms, baseline.ms) },
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
      const megabytes = (server.download("customers").bytesSent / 2 ** 20).toFixed(0);
      return [...rows(`readline + JSON.parse, ${megabytes} MB (baseline)`, baseline), ...rows("bulk-jsonl readCustomersWithOrders", real, baseline)];
    } finally {
      await server.close();
    }
  },
};
