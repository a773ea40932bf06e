// Proving a consent: every receipt the banner sent for one consent id (one browser), newest first, so
// a merchant asked "did this shopper agree?" can show when, to what, where, under which banner
// revision, in which language and on which page. Looking is staff access to personal data: audited.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";

/** A browser sends one receipt per choice; far more than a person makes. */
export const LOOKUP_LIMIT = 100;

export interface ReceiptProof {
  recordedAt: string;
  declaredAt: string;
  choices: { analytics: boolean; marketing: boolean; preferences: boolean; saleOfData: boolean };
  region: string;
  revision: number;
  language: string;
  path: string;
  /** Sent while a customer was logged in (named only by the proxy's signed id, kept as a keyed hash). */
  loggedIn: boolean;
}

export async function lookUpConsent({ db, shop, consentId, actor, now = new Date() }: { db: Db; shop: string; consentId: string; actor: string; now?: Date }): Promise<ReceiptProof[]> {
  const rows = await db.consentReceipt.findMany({
    where: { shop, consentId },
    orderBy: [{ recordedAt: "desc" }, { id: "desc" }],
    take: LOOKUP_LIMIT,
  });
  // The consent id is a pseudonym of the shopper: the trail keeps the customer's keyed hash when there
  // is one, and only how many receipts were shown.
  const customerRef = rows.find((row) => row.customerRef)?.customerRef ?? null;
  await recordAudit(db, { shop, actor, action: "consent_receipts.viewed", subjectRef: customerRef, detail: { receipts: rows.length } }, now);
  return rows.map((row) => ({
    recordedAt: row.recordedAt.toISOString(),
    declaredAt: row.declaredAt.toISOString(),
    choices: { analytics: row.analytics, marketing: row.marketing, preferences: row.preferences, saleOfData: row.saleOfData },
    region: row.region,
    revision: row.revision,
    language: row.language,
    path: row.path,
    loggedIn: row.customerRef !== null,
  }));
}
