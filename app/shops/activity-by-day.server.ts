// Home's chart: how many consent choices and privacy requests the shop received on each of the last
// days (UTC days, as the Consent page counts them). One count per day and kind in a single batch
// transaction: the same SQL on SQLite and PostgreSQL (no date functions), and one round of
// row-level security for all of them.
import { startOfUtcDay } from "../consent/receipt-stats.server";
import type { Db } from "../db.server";

const DAY_MS = 24 * 3600 * 1000;

export interface ActivityDay {
  /** YYYY-MM-DD, UTC. */
  day: string;
  consentChoices: number;
  privacyRequests: number;
}

export async function activityByDay({ db, shop, days = 30, now = new Date() }: { db: Db; shop: string; days?: number; now?: Date }): Promise<ActivityDay[]> {
  const firstDay = startOfUtcDay(new Date(now.getTime() - (days - 1) * DAY_MS));
  const ranges = Array.from({ length: days }, (_, index) => {
    const gte = new Date(firstDay.getTime() + index * DAY_MS);
    return { gte, lt: new Date(gte.getTime() + DAY_MS) };
  });
  const counts = await db.$transaction([
    ...ranges.map((range) => db.consentReceipt.count({ where: { shop, recordedAt: range } })),
    ...ranges.map((range) => db.privacyRequest.count({ where: { shop, receivedAt: range } })),
  ]);
  return ranges.map((range, index) => ({ day: range.gte.toISOString().slice(0, 10), consentChoices: counts[index]!, privacyRequests: counts[days + index]! }));
}
