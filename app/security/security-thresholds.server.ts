// What the security log counts, and how many of each within a window make an alert. The numbers are
// set well above what a healthy shop produces (Shopify signs every webhook, App Bridge refreshes an
// expired session token once, a banner sends a receipt per choice), so an alert means someone is
// probing, or the app's secrets are wrong; sensitive operations (restores) alert every time.
import type { Db } from "../db.server";

export const SECURITY_EVENT_KINDS = [
  "webhook.bad-signature",
  "session-token.invalid",
  "proxy.bad-signature",
  "proxy.replayed",
  "receipts.rate-limited",
  "privacy-center.bad-link",
  "privacy-center.rate-limited",
  "reveal.denied",
  "mfa.step-up-failed",
  "backup.restored",
  "vault.key-rotated",
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** null: counted, never an alert on its own (a rotation is routine). */
export const SECURITY_THRESHOLDS: Record<SecurityEventKind, { count: number; windowMinutes: number } | null> = {
  "webhook.bad-signature": { count: 20, windowMinutes: 10 },
  "session-token.invalid": { count: 100, windowMinutes: 10 },
  "proxy.bad-signature": { count: 20, windowMinutes: 10 },
  "proxy.replayed": { count: 20, windowMinutes: 10 },
  "receipts.rate-limited": { count: 50, windowMinutes: 10 },
  // Someone trying confirmation links, or sending links to many addresses from one network.
  "privacy-center.bad-link": { count: 20, windowMinutes: 10 },
  "privacy-center.rate-limited": { count: 20, windowMinutes: 10 },
  "reveal.denied": { count: 5, windowMinutes: 10 },
  "mfa.step-up-failed": { count: 5, windowMinutes: 10 },
  "backup.restored": { count: 1, windowMinutes: 24 * 60 },
  "vault.key-rotated": null,
};

const MINUTE_MS = 60_000;

async function countInWindow({ db, shop, kind, windowMinutes, at }: { db: Db; shop: string; kind: SecurityEventKind; windowMinutes: number; at: Date }) {
  const end = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
  const sum = await db.securityEventCount.aggregate({
    where: { shop, kind, minute: { gt: new Date(end - windowMinutes * MINUTE_MS), lte: new Date(end) } },
    _sum: { count: true },
  });
  return sum._sum.count ?? 0;
}

/**
 * Whether the `added` events just written took the window ending at `at` over its threshold: true
 * once per crossing, not for every event after it.
 */
export async function thresholdCrossed({ db, shop, kind, at, added }: { db: Db; shop: string; kind: SecurityEventKind; at: Date; added: number }) {
  const threshold = SECURITY_THRESHOLDS[kind];
  if (!threshold) return null;
  const count = await countInWindow({ db, shop, kind, windowMinutes: threshold.windowMinutes, at });
  return count >= threshold.count && count - added < threshold.count ? { count, windowMinutes: threshold.windowMinutes } : null;
}

/** The kinds over their threshold right now, for the admin Home. */
export async function currentSecurityAlerts({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  const alerts: { kind: SecurityEventKind; count: number; windowMinutes: number }[] = [];
  for (const kind of SECURITY_EVENT_KINDS) {
    const threshold = SECURITY_THRESHOLDS[kind];
    if (!threshold) continue;
    const count = await countInWindow({ db, shop, kind, windowMinutes: threshold.windowMinutes, at: now });
    if (count >= threshold.count) alerts.push({ kind, count, windowMinutes: threshold.windowMinutes });
  }
  return alerts;
}

/** Events per kind and day over the last `days` days (oldest first), for the admin Home. */
export async function securityEventsByDay({ db, shop, days = 7, now = new Date() }: { db: Db; shop: string; days?: number; now?: Date }) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * 24 * 3600 * 1000);
  const rows = await db.securityEventCount.findMany({ where: { shop, minute: { gte: since } }, select: { kind: true, minute: true, count: true } });
  const dates = Array.from({ length: days }, (_, i) => new Date(since.getTime() + i * 24 * 3600 * 1000).toISOString().slice(0, 10));
  const byKind = new Map<string, number[]>();
  for (const { kind, minute, count } of rows) {
    const perDay = byKind.get(kind) ?? Array.from({ length: days }, () => 0);
    perDay[dates.indexOf(minute.toISOString().slice(0, 10))]! += count;
    byKind.set(kind, perDay);
  }
  return {
    dates,
    kinds: SECURITY_EVENT_KINDS.filter((kind) => byKind.has(kind)).map((kind) => ({ kind, perDay: byKind.get(kind)! })),
  };
}
