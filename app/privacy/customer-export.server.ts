// The machine-readable export of everything the app holds about one customer (GDPR Art. 15 and 20):
// JSON following docs/schemas/customer-export.v1.json, and the same content as CSV
// (section, field path, value), both sealed at rest and deleted when they expire.
import type { Db } from "../db.server";
import { listAuditForSubject } from "../audit/audit-trail.server";
import { newId } from "../ids.server";
import { getRetentionPeriods } from "../retention/retention-periods.server";
import type { CustomerDataHolder, CustomerSubject, DataSource } from "./customer-data-holder.server";
import { seal, unseal } from "./privacy-keys.server";

export const EXPORT_SCHEMA = "consent-vault/customer-export/v1";
export type ExportFormat = "json" | "csv";

export interface CustomerExport {
  schema: typeof EXPORT_SCHEMA;
  generatedAt: string;
  shop: string;
  request: { id: string; receivedAt: string; ordersRequested: string[] };
  subject: { customerId: string };
  data: Record<string, unknown>;
  processingLog: Awaited<ReturnType<typeof listAuditForSubject>>;
  recipients: { name: string; purpose: string; at: string }[];
  /** Where each category came from, by its path in this document (Art. 15(1)(g)). */
  sources: Record<string, DataSource[]>;
}

export async function buildCustomerExport({
  db,
  holders,
  subject,
  request,
  now = new Date(),
}: {
  db: Db;
  holders: CustomerDataHolder[];
  subject: CustomerSubject;
  request: { id: string; receivedAt: Date };
  now?: Date;
}): Promise<CustomerExport> {
  const data: Record<string, unknown> = {};
  const sources: Record<string, DataSource[]> = {};
  for (const holder of holders) {
    if (!holder.exportCustomer) continue;
    data[holder.name] = await holder.exportCustomer({ db, subject, now });
    for (const [category, from] of Object.entries(holder.sources ?? {})) sources[`data.${holder.name}.${category}`] = from;
  }
  sources.processingLog = ["app_records"];
  sources.recipients = ["app_records"];
  const processingLog = await listAuditForSubject({ db, shop: subject.shop, subjectRef: subject.subjectRef });
  // Sharing is logged as audit actions named "<module>.shared": each names who received the data.
  const recipients = processingLog
    .filter((entry) => entry.action.endsWith(".shared"))
    .map((entry) => {
      const detail = (entry.detail ?? {}) as { recipient?: string; purpose?: string };
      return { name: detail.recipient ?? "unknown", purpose: detail.purpose ?? entry.action, at: entry.at };
    });
  return {
    schema: EXPORT_SCHEMA,
    generatedAt: now.toISOString(),
    shop: subject.shop,
    request: { id: request.id, receivedAt: request.receivedAt.toISOString(), ordersRequested: subject.orderIds },
    subject: { customerId: subject.customerId },
    data,
    processingLog,
    recipients,
    sources,
  };
}

export function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One row per leaf value: section (top-level key), dotted path, value. */
export function exportToCsv(document: CustomerExport): string {
  const rows: string[] = ["section,field,value"];
  const walk = (section: string, path: string, value: unknown) => {
    if (value !== null && typeof value === "object" && !(value instanceof Date)) {
      const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
      if (entries.length === 0) rows.push([section, path, ""].map(csvCell).join(","));
      for (const [key, item] of entries) walk(section, path ? `${path}.${key}` : key, item);
      return;
    }
    const text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? "" : String(value);
    rows.push([section, path, text].map(csvCell).join(","));
  };
  for (const [section, value] of Object.entries(document)) walk(section, "", value);
  return `${rows.join("\r\n")}\r\n`;
}

const exportContext = (shop: string, requestId: string, format: ExportFormat) => `${shop}|${requestId}|export|${format}`;

/**
 * Stores both formats sealed; a retried request replaces its earlier export. It expires after the
 * shop's export retention period; the retention job deletes it then.
 */
export async function storeCustomerExport({ db, shop, requestId, document, now = new Date() }: { db: Db; shop: string; requestId: string; document: CustomerExport; now?: Date }) {
  const { exportDays } = await getRetentionPeriods({ db, shop });
  const expiresAt = new Date(now.getTime() + exportDays * 24 * 3600 * 1000);
  const bodies: Record<ExportFormat, string> = { json: JSON.stringify(document, null, 2), csv: exportToCsv(document) };
  for (const format of ["json", "csv"] as const) {
    const sealed = seal(bodies[format], exportContext(shop, requestId, format));
    const byteSize = Buffer.byteLength(bodies[format]);
    await db.dataExport.upsert({
      where: { requestId_format: { requestId, format } },
      create: { id: newId(), shop, requestId, format, sealed, byteSize, createdAt: now, expiresAt },
      update: { sealed, byteSize, createdAt: now, expiresAt, downloadedAt: null },
    });
  }
  return { expiresAt };
}

/** The export's content for a download, or null when there is none (or it expired). */
export async function openCustomerExport({ db, shop, requestId, format, now = new Date() }: { db: Db; shop: string; requestId: string; format: ExportFormat; now?: Date }) {
  const stored = await db.dataExport.findFirst({ where: { shop, requestId, format, expiresAt: { gt: now } } });
  if (!stored) return null;
  await db.dataExport.update({ where: { id: stored.id }, data: { downloadedAt: now } });
  return unseal(stored.sealed, exportContext(shop, requestId, format));
}
