// Removing a shop's oldest audit entries (retention) without making the chain unverifiable: the removed
// prefix is replaced by an anchor (the last removed entry's seq and hash), and an entry appended first
// attests that anchor, so moving the anchor later breaks verification. A chain that does not verify
// is never pruned: that would delete the evidence of the tampering.
import type { Db } from "../db.server";
import { AUDIT_PRUNED_ACTION, recordAudit } from "./audit-trail.server";
import { verifyAuditChain } from "./verify-chain.server";

export async function pruneAuditChain({
  db,
  shop,
  before,
  actor,
  batchSize = 500,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  /** Entries recorded before this go, as long as every entry before them does too (a prefix). */
  before: Date;
  actor: string;
  batchSize?: number;
  now?: Date;
}): Promise<{ pruned: number; refused?: string }> {
  const anchor = await db.auditChainAnchor.findUnique({ where: { shop } });
  const fromSeq = anchor?.seq ?? 0;
  const firstKept = await db.auditEvent.findFirst({ where: { shop, seq: { gt: fromSeq }, at: { gte: before } }, orderBy: { seq: "asc" }, select: { seq: true } });
  const through = await db.auditEvent.findFirst({
    where: { shop, seq: { gt: fromSeq, ...(firstKept ? { lt: firstKept.seq } : {}) } },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  if (!through) return { pruned: 0 };
  const verdict = await verifyAuditChain({ db, shop });
  if (!verdict.ok) return { pruned: 0, refused: `the chain is broken at entry ${verdict.brokenAt} (${verdict.problem})` };

  await db.$transaction(async (tx) => {
    await recordAudit(tx, { shop, actor, action: AUDIT_PRUNED_ACTION, detail: { throughSeq: through.seq, throughHash: through.hash, entries: through.seq - fromSeq } }, now);
    await tx.auditChainAnchor.upsert({
      where: { shop },
      create: { shop, seq: through.seq, hash: through.hash, prunedAt: now },
      update: { seq: through.seq, hash: through.hash, prunedAt: now },
    });
  });
  // In batches, each its own statement: verification already starts after the anchor, so a run that
  // stops halfway leaves only entries nobody reads, removed by the next run.
  const oldest = await db.auditEvent.findFirst({ where: { shop }, orderBy: { seq: "asc" }, select: { seq: true } });
  let pruned = 0;
  for (let low = (oldest?.seq ?? 1) - 1; low < through.seq; low += batchSize) {
    const { count } = await db.auditEvent.deleteMany({ where: { shop, seq: { gt: low, lte: Math.min(low + batchSize, through.seq) } } });
    pruned += count;
  }
  return { pruned };
}
