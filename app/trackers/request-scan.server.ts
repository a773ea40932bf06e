// A merchant's "Scan now": audited, and the scan queued in the same transaction (outbox).
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { queueStorefrontScan } from "./jobs.server";

export async function requestStorefrontScan({ db, shop, actor, now = new Date() }: { db: Db; shop: string; actor: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    await recordAudit(tx, { shop, actor, action: "trackers.scan.requested" }, now);
    return queueStorefrontScan(tx, shop);
  });
}
