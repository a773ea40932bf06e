// The analytics dataset (app/analytics/) as a BI tool gets it: `exportAnalyticsDataset` writing Parquet
// and CSV for shops with real encrypted customers, read back with hyparquet and a CSV reader; the
// same dataset as the zip the Data & recipients page downloads (its route, with signed session
// tokens, step-up MFA and the recipients' agreements); on PostgreSQL, the `analytics` views read as
// the read-only role.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { ActionFunctionArgs } from "@remix-run/node";
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { strFromU8, unzipSync, type Unzipped } from "fflate";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnalyticsDownload } from "../app/analytics/analytics-download.server";
import { ANALYTICS_TABLES } from "../app/analytics/analytics-dataset.server";
import { exportAnalyticsDataset, ShopNotInstalledError, type ExportedTable } from "../app/analytics/export-analytics.server";
import { directoryTarget } from "../app/analytics/export-target.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { dayInZone } from "../app/i18n/format";
import { translator } from "../app/i18n/i18n";
import { saveInsight } from "../app/personalization/insights.server";
import { storeOrderLines } from "../app/personalization/purchase-lines.server";
import { customerAnalyticsRef, subjectRef } from "../app/privacy/privacy-keys.server";
import { loader as analyticsLoader } from "../app/routes/app.data.analytics";
import { action as securityAction } from "../app/routes/app.settings_.security";
import { action as stepUpAction } from "../app/routes/app.step-up";
import { recordInstallation } from "../app/shops/installation.server";
import { totpCodeAt } from "../app/staff/totp.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { upsertOrder } from "../app/vault/orders.server";
import { vault } from "../app/vault/vault.server";
import { proxyRequest, receiptBody, sendReceipt } from "./helpers/consent-receipts";
import { parseCsv } from "./helpers/csv";
import { capturedLog } from "./helpers/pii-scan";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const isPostgres = config().database.provider === "postgresql";
const [SHOP_A, SHOP_B] = ["analytics-a.myshopify.com", "analytics-b.myshopify.com"];
const CUSTOMERS = 8;
const SEEDED_AT = new Date("2026-03-01T00:00:00Z");
/** Customers 1…8 of shop A: even ones subscribe to email marketing; 1 accepts marketing in the banner, 4 rejects it. */
const ALLOWED = ["1", "2", "6", "8"];
const REFUSED = ["3", "4", "5", "7"];

const person = (shop: string, c: number) => {
  const tag = shop === SHOP_A ? "Ada" : "Bea";
  return {
    email: `${tag}.Lovelace${c}@Analytical-Engine.Example`,
    phone: `+44770090${shop === SHOP_A ? 1 : 2}${String(c).padStart(3, "0")}`,
    firstName: `${tag}gusta${c}`,
    lastName: `Byronsdottir${c}`,
    defaultAddress: { address1: `${c} Ockham Crescent ${tag}`, city: `Marylebone${tag}`, zip: `NW${c} 5QT`, countryCode: "GB" },
    note: `Leave parcels with the porter ${tag}${c}`,
  };
};
const personalValues = (shop: string) =>
  Array.from({ length: CUSTOMERS }, (_, i) => {
    const p = person(shop, i + 1);
    return [p.email, p.phone, p.phone.slice(1), p.firstName, p.lastName, p.defaultAddress.address1, p.defaultAddress.city, p.defaultAddress.zip, p.note];
  }).flat();

const orderId = (shop: string, c: number, n: number) => `${shop === SHOP_A ? 5 : 6}${c}0${n}`;
const product = (shop: string, c: number) => `${shop === SHOP_A ? 81 : 82}0${c % 3}`;

async function seedShop(shop: string) {
  await installShop(shop);
  for (let c = 1; c <= CUSTOMERS; c++) {
    const customerId = String(c);
    await upsertCustomer({
      db: db(),
      vault: vault(),
      shop,
      customer: { id: customerId, createdAt: SEEDED_AT, emailMarketingState: c % 2 === 0 ? "SUBSCRIBED" : "NOT_SUBSCRIBED", emailMarketingUpdatedAt: SEEDED_AT, ...person(shop, c) },
      sourceUpdatedAt: SEEDED_AT,
    });
    const lineItems = [
      { productId: product(shop, c), variantId: `${product(shop, c)}1`, quantity: 1 + (c % 2), price: "19.90" },
      { productId: product(shop, c + 1), variantId: `${product(shop, c + 1)}2`, quantity: 1, price: "5.00" },
    ];
    const placed = new Date(Date.UTC(2026, 2, c));
    // As an order webhook stores it: the order with its lines, and its purchase lines.
    await upsertOrder({ db: db(), shop, order: { id: orderId(shop, c, 1), customerId, processedAt: placed, totalPrice: "44.80", currency: "EUR", financialStatus: "PAID", lineItems }, sourceUpdatedAt: placed });
    await storeOrderLines({ db: db(), shop, order: { orderId: orderId(shop, c, 1), customerId, purchasedAt: placed, lineItems } });
    // As the full sync stores it (no lines on the order), with its lines from the backfill.
    await upsertOrder({ db: db(), shop, order: { id: orderId(shop, c, 2), customerId, processedAt: placed, totalPrice: "19.90", currency: "EUR", financialStatus: "PAID" }, sourceUpdatedAt: placed });
    await storeOrderLines({ db: db(), shop, order: { orderId: orderId(shop, c, 2), customerId, purchasedAt: placed, lineItems: lineItems.slice(0, 1) } });
  }
}

let outDir: string;
let exported: ExportedTable[];
const tableFile = (table: string, format: "parquet" | "csv") => path.join(outDir, `${table}.${format}`);
const parquetRows = async (table: string) => parquetReadObjects({ file: await asyncBufferFromFile(tableFile(table, "parquet")) });
const csvObjects = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
};
const csvRows = (table: string) => csvObjects(fs.readFileSync(tableFile(table, "csv"), "utf8"));

beforeAll(async () => {
  await seedShop(SHOP_A);
  await seedShop(SHOP_B);
  // A guest order with a custom line (no product), and a status a spreadsheet would run as a formula.
  const guestLines = [{ productId: null, variantId: "@SUM(1+1)", quantity: 1, price: "3.50" }];
  await upsertOrder({ db: db(), shop: SHOP_A, order: { id: "5999", customerId: null, processedAt: SEEDED_AT, totalPrice: "3.50", currency: "EUR", financialStatus: "=HYPERLINK(\"https://evil.example\")", lineItems: guestLines }, sourceUpdatedAt: SEEDED_AT });
  // An order stored before orders carried their analytics reference.
  await db().order.update({ where: { shop_orderId: { shop: SHOP_A, orderId: orderId(SHOP_A, 3, 1) } }, data: { customerAnalyticsRef: null } });
  await db().productAffinity.create({ data: { shop: SHOP_A, productId: "8100", neighbours: "[]", boughtTogether: JSON.stringify(["8101", "8102"]) } });

  // Banner choices: customer 1 accepts marketing, customer 4 rejects it, a guest accepts all.
  const everything = { analytics: true, marketing: true, preferences: true, saleOfData: true };
  for (const [customerId, choices] of [["1", everything], ["4", { ...everything, marketing: false }], ["", everything]] as const) {
    expect((await sendReceipt(proxyRequest({ shop: SHOP_A, customerId, body: receiptBody({ choices }) }))).status).toBe(204);
  }
  // Results for every customer, as if the refusing ones' deletion were still queued.
  for (const shop of [SHOP_A, SHOP_B]) {
    for (let c = 1; c <= CUSTOMERS; c++) {
      const insight = { recency: 3, frequency: 2, monetary: c % 5, rfmGroup: "LOYAL" as const, cluster: c % 2, clusterLabel: "weekend buyers", probabilityAlive: 0.8, expectedPurchases90d: 1.2, predictedValue12m: 40 + c, recommendedProducts: ["8100"] };
      await saveInsight({ db: db(), shop, customerRef: subjectRef({ shop, customerId: String(c) }), insight, scoredAt: SEEDED_AT });
    }
  }
  // A result stored before results carried their analytics reference.
  await db().customerInsight.update({ where: { shop_customerRef: { shop: SHOP_A, customerRef: subjectRef({ shop: SHOP_A, customerId: "2" }) } }, data: { analyticsRef: null } });
  for (const [index, status] of ["completed", "completed", "on_hold"].entries()) {
    await db().privacyRequest.create({ data: { id: `analytics-request-${index}`, shop: SHOP_A, type: "data_request", deliveryId: `analytics-delivery-${index}`, status, receivedAt: new Date("2026-03-05T10:00:00Z"), dueAt: new Date("2026-04-04T10:00:00Z") } });
  }

  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-analytics-"));
  exported = await exportAnalyticsDataset({ db: db(), shop: SHOP_A, target: directoryTarget(outDir), formats: ["parquet", "csv"], actor: "cli:analytics:export" });
});

afterAll(() => outDir && fs.rmSync(outDir, { recursive: true, force: true }));

describe("analytics export", () => {
  it("given a shop, then every table of the dataset is written as Parquet and CSV with its row count, and the export is audited", async () => {
    expect(exported.map(({ table, rows }) => [table, rows])).toEqual([
      ["orders", 2 * CUSTOMERS + 1],
      ["order_lines", 3 * CUSTOMERS + 1],
      ["products", 3],
      ["customer_segments", ALLOWED.length],
      ["consent_daily", 5],
      ["privacy_requests_daily", 2],
    ]);
    for (const { table, rows, files } of exported) {
      expect(files.map(({ format }) => format)).toEqual(["parquet", "csv"]);
      expect(await parquetRows(table)).toHaveLength(rows);
      expect(csvRows(table)).toHaveLength(rows);
    }
    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop: SHOP_A, action: "analytics.exported" } });
    expect(audit.actor).toBe("cli:analytics:export");
    expect(JSON.parse(audit.detail!)).toMatchObject({ formats: ["parquet", "csv"], rows: { orders: 17, customer_segments: 4 } });
    expect(await db().auditEvent.count({ where: { shop: SHOP_B, action: "analytics.exported" } })).toBe(0);
  });

  it("given customers with names, emails, phones, addresses and notes, then no file holds any of them in any casing, in its bytes or its decoded values", async () => {
    const needles = personalValues(SHOP_A).map((value) => value.toLowerCase());
    for (const { table } of exported) {
      const texts = [fs.readFileSync(tableFile(table, "parquet"), "latin1"), JSON.stringify(await parquetRows(table)), fs.readFileSync(tableFile(table, "csv"), "utf8")];
      for (const text of texts) expect(needles.filter((needle) => text.toLowerCase().includes(needle))).toEqual([]);
    }
  });

  it("given orders of known customers and a guest, then they are named only by analytics references that differ from every other reference of the app", async () => {
    const orders = await parquetRows("orders");
    const byId = new Map(orders.map((row) => [row.order_id as string, row]));
    for (let c = 1; c <= CUSTOMERS; c++) {
      const expected = customerAnalyticsRef({ shop: SHOP_A, customerId: String(c) });
      expect(expected).not.toBe(subjectRef({ shop: SHOP_A, customerId: String(c) }));
      expect(expected).not.toBe(customerAnalyticsRef({ shop: SHOP_B, customerId: String(c) }));
      expect(byId.get(orderId(SHOP_A, c, 1))).toMatchObject({ customer_ref: expected, total_price: 44.8, currency: "EUR", line_count: 2 });
      expect(byId.get(orderId(SHOP_A, c, 2))).toMatchObject({ customer_ref: expected, total_price: 19.9, line_count: 1 });
    }
    expect(byId.get("5999")).toMatchObject({ customer_ref: null, line_count: 1 });
    expect(csvRows("orders").find((row) => row.order_id === orderId(SHOP_A, 3, 1))?.customer_ref).toBe(customerAnalyticsRef({ shop: SHOP_A, customerId: "3" }));
    expect(Object.keys(orders[0]!)).toEqual(ANALYTICS_TABLES[0]!.columns.map(({ name }) => name));
  });

  it("given order lines from webhooks, from the backfill and a custom item, then each is one row and products sum them", async () => {
    const lines = await parquetRows("order_lines");
    expect(lines.filter((line) => line.order_id === orderId(SHOP_A, 2, 1))).toEqual([
      { order_id: orderId(SHOP_A, 2, 1), line: 0, product_id: "8102", variant_id: "81021", quantity: 1, unit_price: 19.9 },
      { order_id: orderId(SHOP_A, 2, 1), line: 1, product_id: "8100", variant_id: "81002", quantity: 1, unit_price: 5 },
    ]);
    expect(lines.filter((line) => line.order_id === orderId(SHOP_A, 2, 2))).toEqual([{ order_id: orderId(SHOP_A, 2, 2), line: 0, product_id: "8102", variant_id: "81021", quantity: 1, unit_price: 19.9 }]);
    expect(lines.find((line) => line.order_id === "5999")).toMatchObject({ product_id: null, quantity: 1 });
    const products = await parquetRows("products");
    expect(products.map((row) => row.product_id)).toEqual(["8100", "8101", "8102"]);
    expect(products[0]).toMatchObject({ variant_count: 2, bought_together: JSON.stringify(["8101", "8102"]) });
    const units = lines.reduce((sum, line) => sum + (line.product_id === null ? 0 : (line.quantity as number)), 0);
    expect(products.reduce((sum, row) => sum + (row.units_sold as number), 0)).toBe(units);
  });

  it("given stored results for every customer, then only customers whose consent allows personalization have segment rows", async () => {
    const segments = await parquetRows("customer_segments");
    expect(segments.map((row) => row.customer_ref).sort()).toEqual(ALLOWED.map((customerId) => customerAnalyticsRef({ shop: SHOP_A, customerId })).sort());
    const refused = new Set(REFUSED.map((customerId) => customerAnalyticsRef({ shop: SHOP_A, customerId })));
    expect(csvRows("customer_segments").filter((row) => refused.has(row.customer_ref!))).toEqual([]);
    expect(segments[0]).toMatchObject({ rfm_group: "LOYAL", cluster_label: "weekend buyers", scored_at: SEEDED_AT });
  });

  it("given receipts and requests, then consent and request figures are counts per UTC day", async () => {
    const today = new Date(new Date().toISOString().slice(0, 10));
    const consent = await parquetRows("consent_daily");
    expect(consent.map(({ category, granted, receipts }) => [category, granted, receipts])).toEqual([
      ["analytics", true, 3],
      ["marketing", false, 1],
      ["marketing", true, 2],
      ["preferences", true, 3],
      ["sale_of_data", true, 3],
    ]);
    expect(consent.every((row) => (row.day as Date).getTime() === today.getTime())).toBe(true);
    expect(await parquetRows("privacy_requests_daily")).toEqual([
      { day: new Date("2026-03-05T00:00:00Z"), type: "data_request", source: "shopify", status: "completed", requests: 2 },
      { day: new Date("2026-03-05T00:00:00Z"), type: "data_request", source: "shopify", status: "on_hold", requests: 1 },
    ]);
    expect(csvRows("privacy_requests_daily")[0]).toEqual({ day: "2026-03-05", type: "data_request", source: "shopify", status: "completed", requests: "2" });
  });

  it("given a value a spreadsheet would run as a formula, then the CSV cell starts with an apostrophe and is quoted as RFC 4180 asks", () => {
    const guest = csvRows("orders").find((row) => row.order_id === "5999")!;
    expect(guest.financial_status).toBe("'=HYPERLINK(\"https://evil.example\")");
    expect(csvRows("order_lines").find((row) => row.order_id === "5999")).toMatchObject({ variant_id: "'@SUM(1+1)", quantity: "1", unit_price: "3.5" });
    expect(csvRows("order_lines").every((row) => !/^[=+\-@]/.test(row.variant_id!))).toBe(true);
    expect(fs.readFileSync(tableFile("orders", "csv"), "utf8")).toContain('"\'=HYPERLINK(""https://evil.example"")"');
    expect(fs.readFileSync(tableFile("orders", "csv"), "utf8").split("\r\n")[0]).toBe(ANALYTICS_TABLES[0]!.columns.map(({ name }) => name).join(","));
  });

  it("given two shops, then shop A's export holds nothing of shop B", async () => {
    const bValues = [...personalValues(SHOP_B), ...Array.from({ length: CUSTOMERS }, (_, i) => [orderId(SHOP_B, i + 1, 1), customerAnalyticsRef({ shop: SHOP_B, customerId: String(i + 1) })]).flat(), "8200", "8201"].map((value) => value.toLowerCase());
    for (const { table } of exported) {
      const text = `${JSON.stringify(await parquetRows(table))}\n${fs.readFileSync(tableFile(table, "csv"), "utf8")}`.toLowerCase();
      expect(bValues.filter((value) => text.includes(value))).toEqual([]);
    }
  });

  it("given one format or a shop the app is not installed in, then only that format is written, or nothing and no audit entry", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-analytics-csv-"));
    try {
      const csvOnly = await exportAnalyticsDataset({ db: db(), shop: SHOP_B, target: directoryTarget(dir), formats: ["csv"], actor: "cli:analytics:export" });
      expect(csvOnly.flatMap(({ files }) => files.map(({ format }) => format))).toEqual(Array(ANALYTICS_TABLES.length).fill("csv"));
      expect(fs.readdirSync(dir).sort()).toEqual(["README.txt", ...ANALYTICS_TABLES.map(({ name }) => `${name}.csv`)].sort());
      const nowhere = path.join(dir, "unknown");
      await expect(exportAnalyticsDataset({ db: db(), shop: "never-installed.myshopify.com", target: directoryTarget(nowhere), formats: ["csv"], actor: "cli:analytics:export" })).rejects.toBeInstanceOf(ShopNotInstalledError);
      expect(fs.existsSync(nowhere)).toBe(false);
      expect(await db().auditEvent.count({ where: { shop: "never-installed.myshopify.com" } })).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("analytics export for a recipient", () => {
  const recipient = (id: string, agreementSignedAt: Date | null, agreementExpiresAt: Date | null = null) =>
    db().dataRecipient.create({ data: { id, shop: SHOP_A, name: `BI ${id}`, purpose: "dashboards", categories: "[]", country: "DE", transferMechanism: "eea", agreementSignedAt, agreementExpiresAt } });

  it("given a recipient without a current agreement, another shop's or an unknown one, then nothing is written; with a current one, the audit entry names it", async () => {
    const past = new Date(Date.now() - 30 * 24 * 3600_000);
    await recipient("bi-none", null);
    await recipient("bi-expired", past, new Date(Date.now() - 24 * 3600_000));
    await recipient("bi-current", past);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-analytics-recipient-"));
    try {
      for (const [recipientId, shop, code] of [["bi-none", SHOP_A, "none"], ["bi-expired", SHOP_A, "expired"], ["bi-current", SHOP_B, "notFound"], ["nobody", SHOP_A, "notFound"]] as const) {
        const refused = exportAnalyticsDataset({ db: db(), shop, target: directoryTarget(path.join(dir, recipientId)), formats: ["csv"], actor: "cli:analytics:export", recipientId });
        await expect(refused).rejects.toMatchObject({ name: "RecipientAgreementError", code });
        expect(fs.existsSync(path.join(dir, recipientId))).toBe(false);
      }
      await exportAnalyticsDataset({ db: db(), shop: SHOP_A, target: directoryTarget(path.join(dir, "ok")), formats: ["csv"], actor: "cli:analytics:export", recipientId: "bi-current" });
      const audited = await db().auditEvent.findFirstOrThrow({ where: { shop: SHOP_A, action: "analytics.exported" }, orderBy: { seq: "desc" } });
      expect(JSON.parse(audited.detail!)).toMatchObject({ recipient: { id: "bi-current", name: "BI bi-current", country: "DE" } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run analytics:export", () => {
  const analyticsExport = (args: string[]) =>
    promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/analytics-export.ts", ...args], { env: process.env }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );

  it("given a shop and a folder, then it writes the files, prints each table's rows and files, and audits the export", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-analytics-cli-"));
    try {
      const before = await db().auditEvent.count({ where: { shop: SHOP_B, action: "analytics.exported" } });
      const { code, stdout } = await analyticsExport([SHOP_B, "--out", dir, "--format", "parquet"]);

      expect(code).toBe(0);
      expect(stdout).toContain(`orders: ${2 * CUSTOMERS} rows → ${path.join(dir, "orders.parquet")}`);
      expect(stdout).toContain(`customer_segments: 4 rows`);
      expect(fs.readdirSync(dir).sort()).toEqual(["README.txt", ...ANALYTICS_TABLES.map(({ name }) => `${name}.parquet`)].sort());
      expect(await db().auditEvent.count({ where: { shop: SHOP_B, action: "analytics.exported" } })).toBe(before + 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("given no shop, an unknown format or a shop without the app, then it says what is wrong, writes nothing and exits non-zero", async () => {
    const dir = path.join(os.tmpdir(), `cv-analytics-cli-none-${process.pid}`);
    expect(await analyticsExport([])).toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: npm run analytics:export") });
    expect(await analyticsExport([SHOP_A, "--format", "xlsx", "--out", dir])).toMatchObject({ code: 2, stderr: expect.stringContaining('Unknown format "xlsx"') });
    expect(await analyticsExport(["never-installed.myshopify.com", "--out", dir])).toMatchObject({ code: 1, stderr: expect.stringContaining("not installed in never-installed.myshopify.com") });
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe("the admin download", () => {
  const SHOP_ZONE = "Europe/Berlin";
  const download = (shop: string, query: string, userId?: string) =>
    respond(async () => analyticsLoader({ request: await adminRequest(`/app/data/analytics?${query}`, shop, userId ? { userId } : {}), params: {}, context: {} }));
  const unzipped = async (response: Response) => unzipSync(new Uint8Array(await response.arrayBuffer()));
  const zipParquet = (entries: Unzipped, table: string) => parquetReadObjects({ file: entries[`${table}.parquet`]!.slice().buffer });
  const zipCsv = (entries: Unzipped, table: string) => csvObjects(strFromU8(entries[`${table}.csv`]!));
  /** Every entry as text and every Parquet table decoded, lower-cased, for looking for what must not be there. */
  const archiveText = async (entries: Unzipped) =>
    [...Object.values(entries).map((bytes) => Buffer.from(bytes).toString("latin1")), ...(await Promise.all(ANALYTICS_TABLES.map(async ({ name }) => (entries[`${name}.parquet`] ? JSON.stringify(await zipParquet(entries, name)) : ""))))].join("\n").toLowerCase();
  const auditCount = (shop: string) => db().auditEvent.count({ where: { shop } });

  beforeAll(async () => {
    await recordInstallation({ db: db(), shop: SHOP_A });
    await db().shop.update({ where: { domain: SHOP_A }, data: { ianaTimezone: SHOP_ZONE } });
  });

  it("given both formats for the merchant's own use, then the answer is a zip named after the shop and its day whose tables hold the command line's rows, with a README, and the download is audited with format and recipient", async () => {
    const before = dayInZone(new Date(), SHOP_ZONE);
    const response = await download(SHOP_A, "format=both&locale=en");
    const after = dayInZone(new Date(), SHOP_ZONE);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect([before, after].map((day) => `attachment; filename="${SHOP_A}-analytics-${day}.zip"`)).toContain(response.headers.get("content-disposition"));
    const entries = await unzipped(response);
    expect(Object.keys(entries).sort()).toEqual(["README.txt", ...ANALYTICS_TABLES.flatMap(({ name }) => [`${name}.parquet`, `${name}.csv`])].sort());
    for (const { table } of exported) {
      expect(await zipParquet(entries, table)).toEqual(await parquetRows(table));
      expect(zipCsv(entries, table)).toEqual(csvRows(table));
    }
    const readme = strFromU8(entries["README.txt"]!);
    expect(readme).toContain(`Analytics data of ${SHOP_A}`);
    expect(readme).toContain(`(the shop's time zone: ${SHOP_ZONE})`);
    expect(readme).toContain("For the merchant's own use.");
    expect(readme).toContain("customer_ref");
    for (const { name, columns } of ANALYTICS_TABLES) {
      expect(readme).toContain(`${name}.parquet, ${name}.csv\r\n`);
      expect(readme).toContain(columns.map((column) => column.name).join(", "));
    }

    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop: SHOP_A, action: "analytics.exported" }, orderBy: { seq: "desc" } });
    expect(audit.actor).toBe(`staff:${USER_ID}`);
    expect(JSON.parse(audit.detail!)).toEqual({ formats: ["parquet", "csv"], recipient: null, rows: Object.fromEntries(exported.map(({ table, rows }) => [table, rows])) });
  });

  it("given German and a recipient with a current agreement, then a CSV archive is made for it, its README in German names the recipient, and the audit entry names it", async () => {
    const response = await download(SHOP_A, "format=csv&for=bi-current&locale=de");

    expect(response.status).toBe(200);
    const entries = await unzipped(response);
    expect(Object.keys(entries).sort()).toEqual(["README.txt", ...ANALYTICS_TABLES.map(({ name }) => `${name}.csv`)].sort());
    const readme = strFromU8(entries["README.txt"]!);
    expect(readme).toContain(`Analysedaten von ${SHOP_A}`);
    expect(readme).toContain("Für BI bi-current,");
    expect(readme).not.toContain("data.analytics");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop: SHOP_A, action: "analytics.exported" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(audit.detail!)).toMatchObject({ formats: ["csv"], recipient: { id: "bi-current", name: "BI bi-current", country: "DE" } });
  });

  it("given customers with names, emails, phones, addresses and notes in two shops, then neither shop's archive holds any of them, nor anything of the other shop", async () => {
    const personal = (shop: string) => personalValues(shop).map((value) => value.toLowerCase());
    const ownedBy = (shop: string) =>
      [...Array.from({ length: CUSTOMERS }, (_, i) => [orderId(shop, i + 1, 1), customerAnalyticsRef({ shop, customerId: String(i + 1) })]).flat(), product(shop, 1)].map((value) => value.toLowerCase());
    const a = await archiveText(await unzipped(await download(SHOP_A, "format=both")));
    const b = await archiveText(await unzipped(await download(SHOP_B, "format=both")));

    expect([...personal(SHOP_A), ...personal(SHOP_B), ...ownedBy(SHOP_B)].filter((value) => a.includes(value))).toEqual([]);
    expect([...personal(SHOP_A), ...personal(SHOP_B), ...ownedBy(SHOP_A)].filter((value) => b.includes(value))).toEqual([]);
    // The scan looks where the values would be: each shop's own orders are in its archive.
    expect(ownedBy(SHOP_A).every((value) => a.includes(value))).toBe(true);
  });

  it.each([
    ["no agreement", "bi-none", "none", "de", 422],
    ["an expired agreement", "bi-expired", "expired", "en", 422],
    ["an id not in the register", "nobody", "notFound", "en", 404],
  ] as const)("given a recipient with %s, then the answer says why in the admin's language, holds no archive and records nothing", async (_case, recipientId, code, locale, status) => {
    const audited = await auditCount(SHOP_A);

    const response = await download(SHOP_A, `format=both&for=${recipientId}&locale=${locale}`);

    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(await response.json()).toMatchObject({ code, message: translator(locale)(`data.analytics.refused.${code}`) });
    expect(await auditCount(SHOP_A)).toBe(audited);
  });

  it("given shop A's recipient asked for from shop B, then it is refused as not in B's register and nothing is recorded in either shop", async () => {
    const audited = [await auditCount(SHOP_A), await auditCount(SHOP_B)];

    const response = await download(SHOP_B, "format=csv&for=bi-current");

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "notFound", message: "This recipient is not in your register." });
    expect([await auditCount(SHOP_A), await auditCount(SHOP_B)]).toEqual(audited);
  });

  it.each([
    ["an unknown format", "format=xlsx"],
    ["no format", "locale=en"],
    ["an empty recipient", "format=csv&for="],
    ["a recipient id too long to be one", `format=csv&for=${"x".repeat(101)}`],
  ])("given %s, then it answers 400 and records nothing", async (_case, query) => {
    const audited = await auditCount(SHOP_A);
    const response = await download(SHOP_A, query);
    expect(response.status).toBe(400);
    expect(await auditCount(SHOP_A)).toBe(audited);
  });

  it("given staff who enrolled in two-step verification or a shop that requires it, then the download waits for a confirmed code, and each refusal is recorded", async () => {
    const shop = "analytics-mfa.myshopify.com";
    const [enrolled, unenrolled] = ["70021", "70022"];
    await installShop(shop);
    const post = async (path: string, action: (args: ActionFunctionArgs) => Promise<unknown>, form: Record<string, string>) =>
      respond(async () => action({ request: await adminRequest(path, shop, { userId: enrolled, form }), params: {}, context: {} }));
    const { secret } = (await (await post("/app/settings/security", securityAction, { intent: "enrol-start" })).json()) as { secret: string };
    expect((await post("/app/settings/security", securityAction, { intent: "enrol-confirm", code: totpCodeAt(secret, new Date()) })).status).toBe(200);

    const notConfirmed = await download(shop, "format=csv&locale=de", enrolled);
    expect(notConfirmed.status).toBe(403);
    expect(await notConfirmed.json()).toMatchObject({ stepUp: "step-up-required", message: translator("de")("customer.denied.step-up-required") });
    // The authenticator's next code: the one the enrolment used is spent.
    expect(await (await post("/app/step-up", stepUpAction, { code: totpCodeAt(secret, new Date(Date.now() + 30_000)) })).json()).toMatchObject({ verified: true });
    const confirmed = await download(shop, "format=csv", enrolled);
    expect(confirmed.status).toBe(200);
    expect(Object.keys(await unzipped(confirmed))).toContain("orders.csv");

    await db().shopMfaPolicy.create({ data: { shop, required: true } });
    const required = await download(shop, "format=csv", unenrolled);
    expect(required.status).toBe(403);
    expect(await required.json()).toMatchObject({ stepUp: "enrolment-required", message: translator("en")("customer.denied.enrolment-required") });

    const audit = await db().auditEvent.findMany({ where: { shop, action: { in: ["staff.denied", "analytics.exported"] } }, orderBy: { seq: "asc" } });
    expect(audit.map((entry) => [entry.action, entry.actor, JSON.parse(entry.detail!).operation ?? null])).toEqual([
      ["staff.denied", `staff:${enrolled}`, "export.download"],
      ["analytics.exported", `staff:${enrolled}`, null],
      ["staff.denied", `staff:${unenrolled}`, "export.download"],
    ]);
  });

  it("given the browser goes away before the archive is complete, then the export stops, records nothing and logs no personal data", async () => {
    const audited = await auditCount(SHOP_A);
    const gone = new AbortController();
    const captured = capturedLog();

    const started = await startAnalyticsDownload({ db: db(), shop: SHOP_A, actor: `staff:${USER_ID}`, format: "both", locale: "en", signal: gone.signal, log: captured.log });
    gone.abort();

    expect(await started.done).toBeNull();
    await expect(new Response(started.body).arrayBuffer()).rejects.toThrow();
    expect(await auditCount(SHOP_A)).toBe(audited);
    expect(captured.text()).toContain("analytics download cancelled");
    expect(captured.mentions(personalValues(SHOP_A))).toEqual([]);
  });
});

describe.runIf(isPostgres)("analytics views on PostgreSQL", () => {
  const asAnalyticsRole = async <T>(query: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: config().database.url });
    await client.connect();
    try {
      await client.query("SET ROLE consent_vault_analytics");
      return await query(client);
    } finally {
      await client.end();
    }
  };

  it("given the read-only role, then each view has the export's columns and the rows the export wrote", async () => {
    await asAnalyticsRole(async (client) => {
      for (const { name, columns } of ANALYTICS_TABLES) {
        const { fields, rows } = await client.query(`SELECT * FROM analytics.${name} WHERE shop = $1`, [SHOP_A]);
        expect(fields.map((field) => field.name)).toEqual(["shop", ...columns.map((column) => column.name)]);
        if (name !== "customer_segments") expect(rows).toHaveLength(exported.find(({ table }) => table === name)!.rows);
      }
      const { rows: orders } = await client.query(`SELECT order_id, customer_ref FROM analytics.orders WHERE shop = $1 ORDER BY order_id`, [SHOP_A]);
      const exportedOrders = (await parquetRows("orders")).map(({ order_id, customer_ref }) => ({ order_id, customer_ref }));
      expect(orders).toEqual(exportedOrders);
      const { rows: lines } = await client.query(`SELECT order_id, line, product_id, variant_id, quantity, unit_price FROM analytics.order_lines WHERE shop = $1 ORDER BY order_id, line`, [SHOP_A]);
      expect(lines).toEqual(await parquetRows("order_lines"));
    });
  });

  it("given the read-only role, then the app's own tables are refused", async () => {
    await asAnalyticsRole(async (client) => {
      await expect(client.query(`SELECT * FROM public."Customer"`)).rejects.toThrow(/permission denied/);
      await expect(client.query(`SELECT * FROM public."Order"`)).rejects.toThrow(/permission denied/);
      await expect(client.query(`DELETE FROM analytics.orders`)).rejects.toThrow(/permission denied/);
    });
  });
});
