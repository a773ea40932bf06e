// A staff member downloading a customer's export: decrypted personal data leaves the app, so every
// download is recorded in the audit trail before the content is handed out.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { openCustomerExport, type ExportFormat } from "./customer-export.server";

const CONTENT_TYPES: Record<ExportFormat, string> = { json: "application/json", csv: "text/csv; charset=utf-8" };

/** The export as a file, or null when the request is not this shop's or has no live export. */
export async function downloadCustomerExport({
  db,
  shop,
  requestId,
  format,
  actor,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  requestId: string;
  format: ExportFormat;
  actor: string;
  now?: Date;
}) {
  const request = await db.privacyRequest.findFirst({ where: { id: requestId, shop }, select: { subjectRef: true } });
  if (!request) return null;
  const content = await openCustomerExport({ db, shop, requestId, format, now });
  if (!content) return null;
  await recordAudit(db, { shop, actor, action: "privacy.export.downloaded", subjectRef: request.subjectRef, detail: { requestId, format } }, now);
  return { content, contentType: CONTENT_TYPES[format], filename: `customer-export-${requestId}.${format}` };
}
