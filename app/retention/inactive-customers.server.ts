// Customers with no sign of life since the cutoff: Shopify has not changed them and they placed (and
// had updated) no order since. Each is erased like a customers/redact subject, through every holder,
// with a redaction receipt and an audit entry naming them only by their keyed reference.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { eraseCustomerData } from "../privacy/erase-customer.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import { RETENTION_ACTOR } from "./retention-periods.server";

export async function eraseInactiveCustomers({
  db,
  holders,
  shop,
  runId,
  inactiveSince,
  batchSize,
}: {
  db: Db;
  holders: CustomerDataHolder[];
  shop: string;
  runId: string;
  inactiveSince: Date;
  batchSize: number;
}): Promise<number> {
  let erased = 0;
  // Customers in id order: the ones kept (an order keeps them active) are passed over, never re-read.
  for (let cursor: string | undefined; ; ) {
    const candidates = await db.customer.findMany({
      where: { shop, sourceUpdatedAt: { lt: inactiveSince }, ...(cursor ? { customerId: { gt: cursor } } : {}) },
      orderBy: { customerId: "asc" },
      select: { customerId: true },
      take: batchSize,
    });
    if (!candidates.length) return erased;
    const ids = candidates.map((candidate) => candidate.customerId);
    const active = await db.order.findMany({
      where: { shop, customerId: { in: ids }, OR: [{ processedAt: { gte: inactiveSince } }, { sourceUpdatedAt: { gte: inactiveSince } }] },
      select: { customerId: true },
      distinct: ["customerId"],
    });
    const keep = new Set(active.map((order) => order.customerId));
    for (const customerId of ids.filter((id) => !keep.has(id))) {
      const subject = { shop, customerId, subjectRef: subjectRef({ shop, customerId }), orderIds: [] };
      const result = await eraseCustomerData({ db, holders, subject, triggerId: `retention:${runId}:${subject.subjectRef}` });
      await recordAudit(db, { shop, actor: RETENTION_ACTOR, action: "retention.customer.erased", subjectRef: subject.subjectRef, detail: { receiptId: result.receiptId, inactiveSince: inactiveSince.toISOString() } });
      erased++;
    }
    if (candidates.length < batchSize) return erased;
    cursor = ids.at(-1);
  }
}
