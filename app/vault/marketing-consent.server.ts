// A customer's marketing consent per channel. Shopify reports it apart from the customer (consent
// update webhooks since 2025-01, and the full sync), each report with the time the consent last
// changed: a report older than the stored one is ignored, in one guarded statement, so out-of-order
// deliveries and a full sync racing a webhook never bring back a withdrawn (or given) consent.
import type { Db } from "../db.server";

export type ConsentChannel = "email" | "sms";

export interface ConsentReport {
  channel: ConsentChannel;
  /** Shopify's state, upper case as in the Admin API (SUBSCRIBED, NOT_SUBSCRIBED, UNSUBSCRIBED…). */
  state: string;
  /** When the consent last changed; null when Shopify gave no time (then it only fills a gap). */
  updatedAt: Date | null;
}

// Without a time, a report only fills a gap: it never replaces a consent stored with one.
function columns({ channel, state, updatedAt }: ConsentReport) {
  if (channel === "email") {
    return {
      where: updatedAt ? { OR: [{ emailMarketingUpdatedAt: null }, { emailMarketingUpdatedAt: { lte: updatedAt } }] } : { emailMarketingUpdatedAt: null },
      data: { emailMarketingState: state, emailMarketingUpdatedAt: updatedAt },
    };
  }
  return {
    where: updatedAt ? { OR: [{ smsMarketingUpdatedAt: null }, { smsMarketingUpdatedAt: { lte: updatedAt } }] } : { smsMarketingUpdatedAt: null },
    data: { smsMarketingState: state, smsMarketingUpdatedAt: updatedAt },
  };
}

/** Stores the reported consent unless a newer one is stored. */
export async function recordMarketingConsent({
  db,
  shop,
  customerId,
  report,
}: {
  db: Db;
  shop: string;
  customerId: string;
  report: ConsentReport;
}): Promise<"applied" | "stale" | "unknown_customer"> {
  const { where, data } = columns(report);
  const { count } = await db.customer.updateMany({ where: { shop, customerId, ...where }, data });
  if (count > 0) return "applied";
  return (await db.customer.count({ where: { shop, customerId } })) > 0 ? "stale" : "unknown_customer";
}
