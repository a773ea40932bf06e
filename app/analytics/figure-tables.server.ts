// The analytics dataset's daily figures: banner choices per category and decision, and privacy
// requests per type, source and status. Counts only; days are UTC days (a BI tool shifts them as it
// likes, the same way the Consent page's charts count). Summed in memory: a shop's history has a
// few thousand days at most, however many receipts or requests it holds.
import { startOfUtcDay } from "../consent/receipt-stats.server";
import { keysetPages, type AnalyticsRow, type AnalyticsTable } from "./analytics-table.server";

const PAGE = 5_000;
const CONSENT_CATEGORIES = ["analytics", "marketing", "preferences", "saleOfData"] as const;
const CATEGORY_NAMES: Record<(typeof CONSENT_CATEGORIES)[number], string> = { analytics: "analytics", marketing: "marketing", preferences: "preferences", saleOfData: "sale_of_data" };

/** Counts by a key of several fields; rows come out sorted by that key. */
function tally() {
  const counts = new Map<string, { fields: AnalyticsRow; count: number }>();
  return {
    add(fields: AnalyticsRow) {
      const key = JSON.stringify(Object.values(fields).map((value) => (value instanceof Date ? value.toISOString() : value)));
      const entry = counts.get(key) ?? { fields, count: 0 };
      counts.set(key, entry);
      entry.count += 1;
    },
    rows: (countColumn: string) =>
      [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, { fields, count }]) => ({ ...fields, [countColumn]: count })),
  };
}

export const consentDailyTable: AnalyticsTable = {
  name: "consent_daily",
  columns: [
    { name: "day", type: "date" },
    { name: "category", type: "string" },
    { name: "granted", type: "boolean" },
    { name: "receipts", type: "int" },
  ],
  async *batches({ db, shop }) {
    const counts = tally();
    const pages = keysetPages(
      (after: { id: string } | undefined) =>
        db.consentReceipt.findMany({
          where: { shop, ...(after && { id: { gt: after.id } }) },
          orderBy: { id: "asc" },
          take: PAGE,
          select: { id: true, recordedAt: true, analytics: true, marketing: true, preferences: true, saleOfData: true },
        }),
      PAGE,
    );
    for await (const page of pages) {
      for (const receipt of page) {
        for (const category of CONSENT_CATEGORIES) counts.add({ day: startOfUtcDay(receipt.recordedAt), category: CATEGORY_NAMES[category], granted: receipt[category] });
      }
    }
    yield counts.rows("receipts");
  },
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
  async *batches({ db, shop }) {
    const counts = tally();
    const pages = keysetPages(
      (after: { id: string } | undefined) =>
        db.privacyRequest.findMany({
          where: { shop, ...(after && { id: { gt: after.id } }) },
          orderBy: { id: "asc" },
          take: PAGE,
          select: { id: true, receivedAt: true, type: true, source: true, status: true },
        }),
      PAGE,
    );
    for await (const page of pages) {
      for (const request of page) counts.add({ day: startOfUtcDay(request.receivedAt), type: request.type, source: request.source, status: request.status });
    }
    yield counts.rows("requests");
  },
};
