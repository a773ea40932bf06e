// Applying every shop's retention periods: one scheduled run visits the shops one by one and deletes,
// in batches, what is older than the shop keeps. Inactive customers are erased through the same
// holders (and redaction receipts) as a customers/redact request, so crypto-shredding, receipts and
// queued work stay consistent. Each shop's run is audited with its counts.
import type { Logger } from "pino";
import { recordAudit } from "../audit/audit-trail.server";
import { pruneAuditChain } from "../audit/prune-chain.server";
import type { Db } from "../db.server";
import { newId } from "../ids.server";
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { pruneSecurityEvents } from "../security/security-events.server";
import { eraseInactiveCustomers } from "./inactive-customers.server";
import { getRetentionPeriods, RETENTION_ACTOR } from "./retention-periods.server";

const DAY_MS = 24 * 3600 * 1000;

export type RetentionCounts = Record<"exports" | "consentReceipts" | "inboxDeliveries" | "auditEntries" | "inactiveCustomers" | "storefrontLinks", number>;

/** Deletes, one batch per statement, until a batch comes back short. */
async function inBatches(batchSize: number, deleteBatch: (take: number) => Promise<number>) {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

const monthsBefore = (now: Date, months: number) => {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
};

export async function applyShopRetention({
  db,
  holders,
  shop,
  runId,
  batchSize = 500,
  now = new Date(),
}: {
  db: Db;
  holders: CustomerDataHolder[];
  shop: string;
  runId: string;
  batchSize?: number;
  now?: Date;
}): Promise<{ counts: RetentionCounts; auditRefused?: string }> {
  const periods = await getRetentionPeriods({ db, shop });
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

  const exports = await inBatches(batchSize, async (take) => {
    const where = { shop, OR: [{ expiresAt: { lte: now } }, { createdAt: { lt: daysAgo(periods.exportDays) } }] };
    const ids = (await db.dataExport.findMany({ where, select: { id: true }, take })).map((row) => row.id);
    return ids.length ? (await db.dataExport.deleteMany({ where: { shop, id: { in: ids } } })).count : 0;
  });
  const consentReceipts = await inBatches(batchSize, async (take) => {
    const where = { shop, recordedAt: { lt: daysAgo(periods.consentReceiptDays) } };
    const ids = (await db.consentReceipt.findMany({ where, select: { id: true }, take })).map((row) => row.id);
    return ids.length ? (await db.consentReceipt.deleteMany({ where: { shop, id: { in: ids } } })).count : 0;
  });
  const inboxDeliveries = await inBatches(batchSize, async (take) => {
    const where = { shop, receivedAt: { lt: daysAgo(periods.inboxDays) } };
    const ids = (await db.webhookDelivery.findMany({ where, select: { id: true }, take })).map((row) => row.id);
    return ids.length ? (await db.webhookDelivery.deleteMany({ where: { shop, id: { in: ids } } })).count : 0;
  });
  // Expired privacy center links: an unconfirmed one still holds the sealed email it was sent to.
  const storefrontLinks = (await db.storefrontLink.deleteMany({ where: { shop, expiresAt: { lte: now } } })).count;
  const inactiveCustomers = await eraseInactiveCustomers({ db, holders, shop, runId, inactiveSince: monthsBefore(now, periods.inactiveCustomerMonths), batchSize });
  const audit = await pruneAuditChain({ db, shop, before: daysAgo(periods.auditDays), actor: RETENTION_ACTOR, batchSize, now });

  const counts = { exports, consentReceipts, inboxDeliveries, auditEntries: audit.pruned, inactiveCustomers, storefrontLinks };
  await recordAudit(db, { shop, actor: RETENTION_ACTOR, action: "retention.applied", detail: { runId, ...counts, ...(audit.refused ? { auditRefused: audit.refused } : {}) } });
  return { counts, ...(audit.refused ? { auditRefused: audit.refused } : {}) };
}

/** One run over every shop, oldest installation first, a page of shops at a time. */
export async function applyRetention({ db, holders, log, batchSize, now = new Date() }: { db: Db; holders: CustomerDataHolder[]; log: Logger; batchSize?: number; now?: Date }) {
  const runId = newId();
  const totals: RetentionCounts = { exports: 0, consentReceipts: 0, inboxDeliveries: 0, auditEntries: 0, inactiveCustomers: 0, storefrontLinks: 0 };
  let shops = 0;
  let failedShops = 0;
  for (let cursor: string | undefined; ; ) {
    const page = await db.shop.findMany({ where: cursor ? { domain: { gt: cursor } } : {}, orderBy: { domain: "asc" }, select: { domain: true }, take: 100 });
    for (const { domain: shop } of page) {
      try {
        const { counts, auditRefused } = await applyShopRetention({ db, holders, shop, runId, batchSize, now });
        // A chain that does not verify is kept whole as evidence; someone has to look at it.
        if (auditRefused) log.error({ shop, reason: auditRefused }, "audit entries past retention kept: the shop's audit chain does not verify");
        for (const kind of Object.keys(totals) as (keyof RetentionCounts)[]) totals[kind] += counts[kind];
        shops++;
      } catch (error) {
        // One shop's failure must not keep every other shop's data past its period; tomorrow's run retries it.
        log.error({ err: error, shop, runId }, "retention failed for a shop; the other shops went on");
        failedShops++;
      }
    }
    if (page.length < 100) break;
    cursor = page.at(-1)!.domain;
  }
  const securityEventMinutes = await pruneSecurityEvents({ db, now });
  log.info({ runId, shops, failedShops, ...totals, securityEventMinutes }, "retention applied");
  return { runId, shops, failedShops, ...totals, securityEventMinutes };
}
