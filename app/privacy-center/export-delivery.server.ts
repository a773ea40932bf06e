// Delivering a ready export to its customer through the storefront (docs/decisions/018-privacy-center.md).
// "Send to customer" makes a single-use link, valid while the export lives (at most 7 days), that the
// merchant copies into their own message. The link opens only for the logged-in customer the request
// is about (the app proxy's signed logged_in_customer_id, compared by keyed hash), who downloads the
// export once, as JSON or CSV. Creating the link is the delivery: the request reads "sent to customer";
// the customer's download is audited like a staff download.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { openCustomerExport, type ExportFormat } from "../privacy/customer-export.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import { recordRequestEvent } from "../privacy/request-events.server";
import { requestOutcome } from "../privacy/request-list.server";
import { checkStorefrontLink, createStorefrontLink, useStorefrontLink } from "./storefront-links.server";

export const DELIVERY_LINK_MAX_MS = 7 * 24 * 3600 * 1000;

export type DeliveryLinkOutcome =
  | { outcome: "created"; token: string; expiresAt: Date }
  | { outcome: "not_found" }
  /** Not a data request with a live export, or the customer is not known by id (only an email was). */
  | { outcome: "not_allowed"; status: string };

export async function createExportDeliveryLink({ db, shop, id, actor, now = new Date() }: { db: Db; shop: string; id: string; actor: string; now?: Date }): Promise<DeliveryLinkOutcome> {
  const request = await db.privacyRequest.findFirst({ where: { id, shop }, select: { type: true, status: true, result: true, subjectRef: true } });
  if (!request) return { outcome: "not_found" };
  const outcome = requestOutcome(request);
  const liveExport = await db.dataExport.findFirst({ where: { shop, requestId: id, expiresAt: { gt: now } }, orderBy: { expiresAt: "asc" }, select: { expiresAt: true } });
  if ((outcome !== "export_ready" && outcome !== "delivered") || !request.subjectRef || !liveExport) return { outcome: "not_allowed", status: request.status };
  const ttlMs = Math.min(liveExport.expiresAt.getTime() - now.getTime(), DELIVERY_LINK_MAX_MS);
  const token = await createStorefrontLink(db, { shop, purpose: "deliver_export", ttlMs, requestId: id, subjectRef: request.subjectRef, now });
  await db.$transaction(async (tx) => {
    const result = (request.result ? JSON.parse(request.result) : {}) as { deliveredAt?: string };
    if (!result.deliveredAt) {
      await tx.privacyRequest.updateMany({ where: { id, shop }, data: { result: JSON.stringify({ ...result, deliveredAt: now.toISOString() }) } });
    }
    await recordRequestEvent(tx, { requestId: id, shop, kind: "delivered", detail: { by: actor, via: "storefront_link" }, at: now });
    await recordAudit(tx, { shop, actor, action: "privacy.export.delivery_link_created", subjectRef: request.subjectRef, detail: { requestId: id } }, now);
  });
  return { outcome: "created", token, expiresAt: new Date(now.getTime() + ttlMs) };
}

export type DeliveryCheck = { outcome: "valid" } | { outcome: "login" } | { outcome: "wrong_customer" } | { outcome: "invalid" } | { outcome: "expired" } | { outcome: "used" };

/** Whether this visitor may use the link: it must be valid, and they the logged-in customer it is for. */
export async function checkDeliveryLink({ db, shop, customerId, token, now = new Date() }: { db: Db; shop: string; customerId: string | null; token: string; now?: Date }): Promise<DeliveryCheck> {
  const checked = await checkStorefrontLink(db, { shop, purpose: "deliver_export", token, now });
  if (checked.outcome !== "valid") return checked;
  if (!customerId) return { outcome: "login" };
  return checked.row.subjectRef === subjectRef({ shop, customerId }) ? { outcome: "valid" } : { outcome: "wrong_customer" };
}

/** The customer's one download: the link is used up, the download audited. */
export async function downloadDeliveredExport({
  db,
  shop,
  customerId,
  token,
  format,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  customerId: string | null;
  token: string;
  format: ExportFormat;
  now?: Date;
}): Promise<{ outcome: "file"; content: Buffer; requestId: string } | Exclude<DeliveryCheck, { outcome: "valid" }>> {
  const check = await checkDeliveryLink({ db, shop, customerId, token, now });
  if (check.outcome !== "valid") return check;
  const opened = await useStorefrontLink(db, { shop, purpose: "deliver_export", token, now });
  if (opened.outcome !== "opened") return opened;
  const requestId = opened.requestId!;
  const content = await openCustomerExport({ db, shop, requestId, format, now });
  // The export expired or was erased between the check and now.
  if (!content) return { outcome: "expired" };
  await recordAudit(db, { shop, actor: "storefront:customer", action: "privacy.export.downloaded", subjectRef: opened.subjectRef, detail: { requestId, format } }, now);
  await recordRequestEvent(db, { requestId, shop, kind: "customer_downloaded", detail: { format }, at: now });
  return { outcome: "file", content, requestId };
}
