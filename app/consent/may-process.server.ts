// The one answer to "may this customer's data be processed for this purpose?" for the rest of the
// app (personalization, segments, exports to marketing tools). The rule and why:
// docs/decisions/008-consent-receipts.md.
import type { Db } from "../db.server";
import { subjectRef } from "../privacy/privacy-keys.server";

export type ProcessingPurpose = "analytics" | "marketing" | "preferences" | "personalization";

export interface ConsentDecision {
  allowed: boolean;
  /** What decided: the customer's latest banner receipt, Shopify's marketing consent, or nothing on record. */
  basis: "receipt" | "sale-of-data-opt-out" | "shopify-marketing-consent" | "none";
}

interface LatestReceipt {
  analytics: boolean;
  marketing: boolean;
  preferences: boolean;
  saleOfData: boolean;
}

interface SyncedConsent {
  emailMarketingState: string | null;
  smsMarketingState: string | null;
  dataSaleOptOut: boolean;
}

const SUBSCRIBED = "SUBSCRIBED";
const USES_MARKETING_CONSENT = new Set<ProcessingPurpose>(["marketing", "personalization"]);

function decide(purpose: ProcessingPurpose, receipt: LatestReceipt | null, customer: SyncedConsent | null): ConsentDecision {
  const marketingUse = USES_MARKETING_CONSENT.has(purpose);
  // An opt-out of sale and sharing (CCPA, Global Privacy Control) outranks every consent to marketing.
  if (marketingUse && (receipt?.saleOfData === false || customer?.dataSaleOptOut)) return { allowed: false, basis: "sale-of-data-opt-out" };
  if (receipt) return { allowed: marketingUse ? receipt.marketing : receipt[purpose as "analytics" | "preferences"], basis: "receipt" };
  if (!marketingUse || !customer) return { allowed: false, basis: "none" };
  const subscribed =
    purpose === "marketing"
      ? customer.emailMarketingState === SUBSCRIBED || customer.smsMarketingState === SUBSCRIBED
      : customer.emailMarketingState === SUBSCRIBED;
  return { allowed: subscribed, basis: "shopify-marketing-consent" };
}

export async function mayProcess({
  db,
  shop,
  customerId,
  purpose,
}: {
  db: Db;
  shop: string;
  customerId: string;
  purpose: ProcessingPurpose;
}): Promise<ConsentDecision> {
  return (await mayProcessMany({ db, shop, customerIds: [customerId], purpose })).get(customerId)!;
}

/**
 * The same answer for many customers of a shop at once (a shop-wide fit, an export): two reads per
 * batch of customers instead of two per customer. At most IN_LIST_BATCH_SIZE ids per call.
 */
export async function mayProcessMany({
  db,
  shop,
  customerIds,
  purpose,
}: {
  db: Db;
  shop: string;
  customerIds: readonly string[];
  purpose: ProcessingPurpose;
}): Promise<Map<string, ConsentDecision>> {
  const refs = customerIds.map((customerId) => subjectRef({ shop, customerId }));
  const [receipts, customers] = await Promise.all([
    db.consentReceipt.findMany({
      where: { shop, customerRef: { in: refs } },
      orderBy: [{ recordedAt: "desc" }, { declaredAt: "desc" }],
      select: { customerRef: true, analytics: true, marketing: true, preferences: true, saleOfData: true },
    }),
    db.customer.findMany({
      where: { shop, customerId: { in: [...customerIds] } },
      select: { customerId: true, emailMarketingState: true, smsMarketingState: true, dataSaleOptOut: true },
    }),
  ]);
  // Newest first: the first receipt met per customer is their latest.
  const latest = new Map<string, LatestReceipt>();
  for (const { customerRef, ...receipt } of receipts) if (customerRef !== null && !latest.has(customerRef)) latest.set(customerRef, receipt);
  const synced = new Map(customers.map(({ customerId, ...consent }) => [customerId, consent]));
  return new Map(customerIds.map((customerId, i) => [customerId, decide(purpose, latest.get(refs[i]!) ?? null, synced.get(customerId) ?? null)]));
}
