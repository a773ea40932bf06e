// The analytics export of a 20,000-customer shop (3 orders of 1–3 lines each, results for every
// customer, half of them consenting, a receipt each), next to its baseline in the same run: a plain
// CSV dump of the same stored rows (orders with their line JSON, results, receipts), read page by page
// with Prisma and written as they are, without references, the consent gate or figures.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { pino } from "pino";
import { startAnalyticsDownload } from "../app/analytics/analytics-download.server";
import { exportAnalyticsDataset, type AnalyticsFormat } from "../app/analytics/export-analytics.server";
import { directoryTarget } from "../app/analytics/export-target.server";
import type { Db } from "../app/db.server";
import { insightColumns } from "../app/personalization/insights.server";
import { loadPrivacyKeys, subjectRef } from "../app/privacy/privacy-keys.server";
import { csvCell } from "../app/privacy/customer-export.server";
import { orderColumns } from "../app/vault/orders.server";
import { withBenchVault } from "./lib/bench-vault";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const NAME = "analytics-export";
const SHOP = "analytics-bench.myshopify.com";
const CUSTOMERS = Number(process.env.BENCH_ANALYTICS_CUSTOMERS ?? 20_000);
const ORDERS_PER_CUSTOMER = 3;
const BATCH = 500;
const CREATED = new Date("2026-01-01T00:00:00Z");

async function seed(db: Db) {
  await db.shop.create({ data: { domain: SHOP } });
  for (let start = 1; start <= CUSTOMERS; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, CUSTOMERS - start + 1) }, (_, i) => start + i);
    await db.customer.createMany({
      data: ids.map((c) => ({ shop: SHOP, customerId: String(c), sourceUpdatedAt: CREATED, createdAt: CREATED, emailMarketingState: c % 2 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED", emailMarketingUpdatedAt: CREATED })),
    });
    await db.order.createMany({
      data: ids.flatMap((c) =>
        Array.from({ length: ORDERS_PER_CUSTOMER }, (_, n) => {
          const lineItems = Array.from({ length: 1 + ((c + n) % 3) }, (_, l) => ({ productId: String(7_000 + ((c * 7 + n * 3 + l) % 400)), variantId: String(8_000 + ((c + l) % 900)), quantity: 1 + (l % 2), price: "19.90" }));
          const placed = new Date(CREATED.getTime() + ((c * 13 + n * 97) % 365) * 86_400_000);
          return { shop: SHOP, orderId: String(c * 10 + n), ...orderColumns(SHOP, { id: String(c * 10 + n), customerId: String(c), processedAt: placed, totalPrice: (lineItems.length * 19.9).toFixed(2), currency: "EUR", financialStatus: "PAID", lineItems }, placed), lineItems: JSON.stringify(lineItems) };
        }),
      ),
    });
    await db.customerInsight.createMany({
      data: ids.map((c) => {
        const customerRef = subjectRef({ shop: SHOP, customerId: String(c) });
        const insight = { recency: 1 + (c % 5), frequency: 1 + (c % 4), monetary: 1 + (c % 3), rfmGroup: "LOYAL" as const, cluster: c % 4, clusterLabel: "weekend buyers", probabilityAlive: 0.7, expectedPurchases90d: 1.1, predictedValue12m: 50 + (c % 40), recommendedProducts: ["7001", "7002"] };
        return { shop: SHOP, customerRef, ...insightColumns({ shop: SHOP, customerRef, insight, scoredAt: CREATED }) };
      }),
    });
    await db.consentReceipt.createMany({
      data: ids.map((c) => ({
        id: `${SHOP}-${c}`, shop: SHOP, requestKey: `${SHOP}-${c}`, consentId: randomBytes(18).toString("base64url"), customerRef: subjectRef({ shop: SHOP, customerId: String(c) }),
        analytics: true, marketing: c % 2 === 0, preferences: true, saleOfData: true, region: "DEBE", revision: 1, language: "de",
        declaredAt: new Date(CREATED.getTime() + (c % 90) * 86_400_000), recordedAt: new Date(CREATED.getTime() + (c % 90) * 86_400_000), path: "/",
      })),
    });
  }
}

/** The baseline: the same stored rows as CSV, each column as stored, page by page. */
async function plainCsvDump(db: Db, dir: string) {
  const dump = async <Row extends Record<string, unknown>>(name: string, read: (after: Row | undefined) => Promise<Row[]>) => {
    const file = fs.openSync(path.join(dir, `${name}.csv`), "w");
    for (let after: Row | undefined; ; ) {
      const page = await read(after);
      if (page.length > 0) fs.writeSync(file, page.map((row) => `${Object.values(row).map((value) => csvCell(value instanceof Date ? value.toISOString() : String(value ?? ""))).join(",")}\r\n`).join(""));
      if (page.length < 2_000) break;
      after = page.at(-1);
    }
    fs.closeSync(file);
  };
  await dump("orders", (after: { orderId: string } | undefined) => db.order.findMany({ where: { shop: SHOP, ...(after && { orderId: { gt: after.orderId } }) }, orderBy: { orderId: "asc" }, take: 2_000 }));
  await dump("insights", (after: { customerRef: string } | undefined) => db.customerInsight.findMany({ where: { shop: SHOP, ...(after && { customerRef: { gt: after.customerRef } }) }, orderBy: { customerRef: "asc" }, take: 2_000 }));
  await dump("receipts", (after: { id: string } | undefined) => db.consentReceipt.findMany({ where: { shop: SHOP, ...(after && { id: { gt: after.id } }) }, orderBy: { id: "asc" }, take: 2_000 }));
}

const folderBytes = (dir: string) => fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0);
const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(2);

export const analyticsBench: Bench = {
  name: NAME,
  async run() {
    return withBenchVault(async ({ db, vault }) => {
      await loadPrivacyKeys({ db, keyProvider: vault.keyProvider });
      await seed(db);
      const work = fs.mkdtempSync(path.join(os.tmpdir(), "cv-analytics-bench-"));
      try {
        const timed = async (name: string, run: (dir: string) => Promise<unknown>) => {
          const dir = path.join(work, name);
          fs.mkdirSync(dir);
          const started = performance.now();
          await run(dir);
          return { ms: performance.now() - started, bytes: folderBytes(dir) };
        };
        const baseline = await timed("baseline", (dir) => plainCsvDump(db, dir));
        const exportAs = (formats: AnalyticsFormat[]) => (dir: string) => exportAnalyticsDataset({ db, shop: SHOP, target: directoryTarget(dir), formats, actor: "cli:analytics:export" });
        const csv = await timed("csv", exportAs(["csv"]));
        const parquet = await timed("parquet", exportAs(["parquet"]));
        const both = await timed("both", exportAs(["parquet", "csv"]));
        // The admin's download: the same tables streamed into one zip, written to a file as a browser would save it.
        const zipped = await timed("zip", async (dir) => {
          const download = await startAnalyticsDownload({ db, shop: SHOP, actor: "staff:1", format: "both", locale: "en", log: pino({ level: "silent" }) });
          await pipeline(Readable.fromWeb(download.body as NodeReadableStream<Uint8Array>), fs.createWriteStream(path.join(dir, download.filename)));
          if (!(await download.done)) throw new Error("the analytics download broke off");
        });
        const rows: BenchRow[] = [
          { bench: NAME, subject: `plain CSV dump of the stored rows, ${CUSTOMERS} customers (baseline)`, metric: "ms", value: baseline.ms.toFixed(0) },
          { bench: NAME, subject: "plain CSV dump (baseline)", metric: "MB", value: megabytes(baseline.bytes) },
        ];
        for (const [label, result] of [
          ["analytics export, CSV", csv],
          ["analytics export, Parquet", parquet],
          ["analytics export, Parquet + CSV", both],
          ["analytics download from the admin, Parquet + CSV in one zip", zipped],
        ] as const) {
          rows.push(
            { bench: NAME, subject: label, metric: "ms", value: result.ms.toFixed(0), vsBaseline: ratio(result.ms, baseline.ms) },
            { bench: NAME, subject: label, metric: "MB", value: megabytes(result.bytes), vsBaseline: ratio(result.bytes, baseline.bytes) },
          );
        }
        return rows;
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    });
  },
};
