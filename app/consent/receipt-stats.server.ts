// How shoppers answer the banner, for the merchant's Consent page: receipts per day and per region
// over a period, each split into accepted all / rejected all / customized. One receipt is one choice
// (a shopper who changes their mind counts twice). Days are UTC days.
import type { Db } from "../db.server";
import type { ChoiceCounts, StatsPeriod } from "./choice-stats";

const DAY_MS = 24 * 3600 * 1000;

export type ChoiceKind = "accepted" | "rejected" | "custom";

/**
 * Accepted all / rejected all by the three consent categories the shopper grants. The data-sale
 * opt-out is left out: outside the regions that have one it simply follows marketing.
 */
export function choiceKind({ analytics, marketing, preferences }: { analytics: boolean; marketing: boolean; preferences: boolean }): ChoiceKind {
  if (analytics && marketing && preferences) return "accepted";
  if (!analytics && !marketing && !preferences) return "rejected";
  return "custom";
}

type ChoiceGroup = { analytics: boolean; marketing: boolean; preferences: boolean; _count: { _all: number } };

const emptyCounts = (): ChoiceCounts => ({ receipts: 0, accepted: 0, rejected: 0, custom: 0 });

function addGroup(counts: ChoiceCounts, group: ChoiceGroup) {
  counts.receipts += group._count._all;
  counts[choiceKind(group)] += group._count._all;
}

export function startOfUtcDay(at: Date) {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export interface ConsentReceiptStats {
  days: StatsPeriod;
  totals: ChoiceCounts;
  /** Oldest first, every day of the period, empty days included. */
  byDay: (ChoiceCounts & { day: string })[];
  /** Most receipts first; "" is a shopper whose region Shopify did not tell the banner. */
  byRegion: (ChoiceCounts & { region: string })[];
}

export async function consentReceiptStats({ db, shop, days, now = new Date() }: { db: Db; shop: string; days: StatsPeriod; now?: Date }): Promise<ConsentReceiptStats> {
  const firstDay = startOfUtcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
  const dayStarts = Array.from({ length: days }, (_, index) => new Date(firstDay.getTime() + index * DAY_MS));
  const choiceFields = ["analytics", "marketing", "preferences"] as const;
  // One grouped count per day keeps the SQL the same on SQLite and PostgreSQL (no date functions).
  const [perDay, perRegion] = await Promise.all([
    Promise.all(
      dayStarts.map((start) =>
        db.consentReceipt.groupBy({
          by: [...choiceFields],
          where: { shop, recordedAt: { gte: start, lt: new Date(start.getTime() + DAY_MS) } },
          _count: { _all: true },
        }),
      ),
    ),
    db.consentReceipt.groupBy({
      by: ["region", ...choiceFields],
      where: { shop, recordedAt: { gte: firstDay, lt: new Date(dayStarts.at(-1)!.getTime() + DAY_MS) } },
      _count: { _all: true },
    }),
  ]);

  const totals = emptyCounts();
  const byDay = dayStarts.map((start, index) => {
    const counts = emptyCounts();
    for (const group of perDay[index]!) addGroup(counts, group);
    return { day: start.toISOString().slice(0, 10), ...counts };
  });
  for (const day of byDay) {
    totals.receipts += day.receipts;
    totals.accepted += day.accepted;
    totals.rejected += day.rejected;
    totals.custom += day.custom;
  }
  const regions = new Map<string, ChoiceCounts>();
  for (const group of perRegion) {
    const counts = regions.get(group.region) ?? emptyCounts();
    addGroup(counts, group);
    regions.set(group.region, counts);
  }
  const byRegion = [...regions].map(([region, counts]) => ({ region, ...counts })).sort((a, b) => b.receipts - a.receipts || a.region.localeCompare(b.region));
  return { days, totals, byDay, byRegion };
}
