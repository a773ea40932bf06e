// All of a shop's consent receipts for a period as CSV, streamed page by page so a busy shop's
// quarter never sits in memory at once. Handing receipts out is staff access to personal data: the
// export is audited before the first byte leaves.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { csvCell } from "../privacy/customer-export.server";

const PAGE_SIZE = 1_000;

export const RECEIPT_CSV_COLUMNS = [
  "consent_id",
  "recorded_at",
  "declared_at",
  "analytics",
  "marketing",
  "preferences",
  "sale_of_data",
  "region",
  "banner_revision",
  "language",
  "page",
  "logged_in_customer",
] as const;

type ReceiptRow = Awaited<ReturnType<Db["consentReceipt"]["findMany"]>>[number];

function csvLine(row: ReceiptRow) {
  const yesNo = (value: boolean) => (value ? "yes" : "no");
  return [
    row.consentId,
    row.recordedAt.toISOString(),
    row.declaredAt.toISOString(),
    yesNo(row.analytics),
    yesNo(row.marketing),
    yesNo(row.preferences),
    yesNo(row.saleOfData),
    row.region,
    String(row.revision),
    row.language,
    row.path,
    yesNo(row.customerRef !== null),
  ]
    .map(csvCell)
    .join(",");
}

/** Receipts recorded in [from, to), oldest first, as a CSV byte stream. */
export async function exportConsentReceipts({ db, shop, from, to, actor, now = new Date() }: { db: Db; shop: string; from: Date; to: Date; actor: string; now?: Date }): Promise<ReadableStream<Uint8Array>> {
  await recordAudit(db, { shop, actor, action: "consent_receipts.exported", detail: { from: from.toISOString(), to: to.toISOString() } }, now);
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let headerSent = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(`${RECEIPT_CSV_COLUMNS.join(",")}\r\n`));
        return;
      }
      if (done) return controller.close();
      const rows = await db.consentReceipt.findMany({
        where: { shop, recordedAt: { gte: from, lt: to } },
        orderBy: [{ recordedAt: "asc" }, { id: "asc" }],
        take: PAGE_SIZE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (rows.length < PAGE_SIZE) done = true;
      cursor = rows.at(-1)?.id;
      if (rows.length === 0) return controller.close();
      controller.enqueue(encoder.encode(rows.map((row) => `${csvLine(row)}\r\n`).join("")));
    },
  });
}
