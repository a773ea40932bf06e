// Stored health check reports: the newest is shown on Home; a year of them shows the shop kept
// auditing itself. Scoped by shop like every query.
import type { Db } from "../db.server";
import { newId } from "../ids.server";
import { runHealthChecks, type HealthCheck, type HealthCheckContext } from "./health-checks.server";

/** Reports older than this are deleted when a new one is stored. */
export const REPORT_RETENTION_DAYS = 400;

export interface HealthReport {
  id: string;
  checkedAt: string;
  checks: HealthCheck[];
}

export async function checkShopHealth(context: HealthCheckContext): Promise<HealthReport> {
  const { db, shop, now = new Date() } = context;
  const checks = await runHealthChecks({ ...context, now });
  const id = newId();
  await db.$transaction([
    db.privacyHealthReport.create({ data: { id, shop, checkedAt: now, checks: JSON.stringify(checks) } }),
    db.privacyHealthReport.deleteMany({ where: { shop, checkedAt: { lt: new Date(now.getTime() - REPORT_RETENTION_DAYS * 24 * 3600 * 1000) } } }),
  ]);
  return { id, checkedAt: now.toISOString(), checks };
}

export async function latestHealthReport({ db, shop }: { db: Db; shop: string }): Promise<HealthReport | null> {
  const row = await db.privacyHealthReport.findFirst({ where: { shop }, orderBy: { checkedAt: "desc" } });
  return row && { id: row.id, checkedAt: row.checkedAt.toISOString(), checks: JSON.parse(row.checks) as HealthCheck[] };
}
