// Receipts are kept for CONSENT_RECEIPT_RETENTION_DAYS, then deleted. Cross-shop housekeeping, so
// the one query of this module that is deliberately not scoped to a single shop.
import type { Db } from "../db.server";

const DAY_MS = 24 * 3600 * 1000;

export async function purgeExpiredReceipts({ db, retentionDays, now = new Date() }: { db: Db; retentionDays: number; now?: Date }) {
  const { count } = await db.consentReceipt.deleteMany({ where: { recordedAt: { lt: new Date(now.getTime() - retentionDays * DAY_MS) } } });
  return { deleted: count };
}
