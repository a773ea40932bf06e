// The analytics dataset's daily figures: banner choices per category and decision, and privacy
// requests per type, source and status. Counts only. Days are UTC days, as the Consent page counts
// them. Summed in memory: a shop's history has a few thousand days at most, however many receipts or
// requests it holds.
import { startOfUtcDay } from "../consent/receipt-stats.server";
import { keysetPages, type AnalyticsRow, type AnalyticsTable } from "./analytics-table.server";

const PAGE = 5_000;
const CONSENT_CATEGORIES = ["analytics", "marketing", "preferences", "saleOfData"] as const;
const CATEGORY_NAMES: Record<(typeof CONSENT_CATEGORIES)[number], string> = { analytics: "analytics", marketing: "marketing", preferences: "preferences", saleOfData: "sale_of_data" };

/**
 * Reads every row page by page (by id) and counts the keys each row gives; one batch of counts, sorted
 * by key, comes out.
 */
async function* countedRows<Row extends { id: string }>(read: (after: { id: string } | undefined) => Promise<Row[]>, keysOf: (row: Row) => AnalyticsRow[], countColumn: string): AsyncGenerator<AnalyticsRow[]> {
  const counts = new Map<string, { fields: AnalyticsRow; count: number }>();
  for await (const page of keysetPages(read, PAGE)) {
    for (const row of page) {
      for (const fields of keysOf(row)) {
        const key = JSON.stringify(Object.values(fields).map((value) => (value instanceof Date ? value.toISOString() : value)));
        const entry = counts.get(key) ?? { fields, count: 0 };
        counts.set(key, entry);
        entry.count += 1;
      }
    }
  }
  yield [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, { fields, count }]) => ({ ...fields, [countColumn]: count }));
}

const after = (cursor: { id: string } | undefined) => (cursor ? { id: { gt: cursor.id } } : {});

export const consentDailyTable: AnalyticsTable = {
  name: "consent_daily",
  columns: [
    { name: "day", type: "date" },
    { name: "category", type: "string" },
    { name: "granted", type: "boolean" },
    { name: "receipts", type: "int" },
  ],
  batches: ({ db, shop }) =>
    countedRows(
      (cursor) => db.consentReceipt.findMany({ where: { shop, ...after(cursor) }, orderBy: { id: "asc" }, take: PAGE, select: { id: true, recordedAt: true, analytics: true, marketing: true, preferences: true, saleOfData: true } }),
      (receipt) => CONSENT_CATEGORIES.map((category) => ({ day: startOfUtcDay(receipt.recordedAt), category: CATEGORY_NAMES[category], granted: receipt[category] })),
      "receipts",
    ),
};

export const privacyRequestsDailyTable: AnalyticsTable = {
  name: "privacy_requests_daily",
  columns: [
    { name: "day", type: "date" },
    { name: "type", type: "string" },
    { name: "source", type: "string" },
    { name: "status", type: "string" },
    { name: "requests", type: "int" },
  ],
  batches: ({ db, shop }) =>
    countedRows(
      (cursor) => db.privacyRequest.findMany({ where: { shop, ...after(cursor) }, orderBy: { id: "asc" }, take: PAGE, select: { id: true, receivedAt: true, type: true, source: true, status: true } }),
      (request) => [{ day: startOfUtcDay(request.receivedAt), type: request.type, source: request.source, status: request.status }],
      "requests",
    ),
};
