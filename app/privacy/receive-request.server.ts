// Accepting a compliance webhook: in one transaction, record the delivery (inbox), create the privacy
// request and queue its processing (outbox). Nothing else happens inside the webhook request.
import type { Db } from "../db.server";
import { recordAudit } from "../audit/audit-trail.server";
import { newId } from "../ids.server";
import { addToOutbox } from "../jobs/outbox.server";

type OutboxMessage = Awaited<ReturnType<typeof addToOutbox>>;
import { processPrivacyRequestJob } from "./jobs.server";
import { parseCompliancePayload, REQUEST_TYPE, type ComplianceTopic, type PrivacyRequestType } from "./compliance-payloads.server";
import { seal, subjectRef, subjectSealContext } from "./privacy-keys.server";
import { recordDeliveryOnce, type Delivery, type InboxTx } from "../webhooks/inbox.server";
import { recordRequestEvent } from "./request-events.server";
import { isShopInstalled } from "../shops/installation.server";

/** Art. 12(3) GDPR: answer within one month; Shopify asks for 30 days. */
export const RESPONSE_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export type ReceiveOutcome =
  /** outbox is null for a request put on hold (nothing to process yet). */
  | { outcome: "accepted"; requestId: string; outbox: OutboxMessage | null }
  | { outcome: "duplicate" }
  | { outcome: "invalid"; reason: string };

export async function receiveComplianceWebhook({
  db,
  delivery,
  payload,
  untimely = null,
  now = new Date(),
}: {
  db: Db;
  delivery: Delivery<ComplianceTopic>;
  payload: unknown;
  /** Why the delivery's trigger time is missing or outside the window: held for the merchant. */
  untimely?: string | null;
  now?: Date;
}): Promise<ReceiveOutcome> {
  const parsed = parseCompliancePayload(delivery.topic, payload);
  if (!parsed.success) return { outcome: "invalid", reason: parsed.reason };
  const { shopDomain, customer, orderIds, dataRequestId } = parsed.request;
  if (shopDomain !== delivery.shop) {
    return { outcome: "invalid", reason: "shop_domain does not match the X-Shopify-Shop-Domain header" };
  }
  const customerId = customer?.id ?? null;
  const requestId = newId();
  // Without a customer id the email or phone is the only way to find the person: keep it, sealed,
  // until the request is done. With an id, neither is stored at all.
  const identifiers = customer && !customerId && (customer.email || customer.phone) ? { email: customer.email, phone: customer.phone } : null;
  const type = REQUEST_TYPE[delivery.topic];
  const ref = customerId ? subjectRef({ shop: delivery.shop, customerId }) : null;
  const hasSubject = type === "shop_redact" || customerId || identifiers;

  const received = await recordDeliveryOnce({
    db,
    delivery,
    now,
    effects: async (tx) => {
      const holdReason = await reasonToHold({ tx, type, shop: delivery.shop, hasSubject: Boolean(hasSubject), untimely });
      await tx.privacyRequest.create({
        data: {
          id: requestId,
          shop: delivery.shop,
          type,
          deliveryId: delivery.id,
          customerId,
          subjectRef: ref,
          subjectSealed: identifiers ? seal(JSON.stringify(identifiers), subjectSealContext(delivery.shop, requestId)) : null,
          orderIds: JSON.stringify(orderIds),
          shopifyDataRequestId: dataRequestId,
          status: holdReason ? "on_hold" : "received",
          lastError: holdReason,
          receivedAt: now,
          dueAt: new Date(now.getTime() + RESPONSE_DAYS * DAY_MS),
        },
      });
      await recordRequestEvent(tx, { requestId, shop: delivery.shop, kind: "received", detail: { topic: delivery.topic, orders: orderIds.length }, at: now });
      if (holdReason) {
        // Nothing will process it, so nothing else would write the audit entry.
        await recordAudit(tx, { shop: delivery.shop, actor: `shopify:${delivery.topic}`, action: `privacy.${type}.received`, subjectRef: ref }, now);
        return null;
      }
      return addToOutbox(tx, { shop: delivery.shop, job: processPrivacyRequestJob, payload: { shop: delivery.shop, requestId } });
    },
  });
  return received.outcome === "duplicate" ? received : { outcome: "accepted", requestId, outbox: received.result };
}

/**
 * Why a request must wait for the merchant instead of being carried out, or null. Each reason says
 * what the merchant can do; "Resume" on the request carries it out once they have checked.
 */
async function reasonToHold({
  tx,
  type,
  shop,
  hasSubject,
  untimely,
}: {
  tx: InboxTx;
  type: PrivacyRequestType;
  shop: string;
  hasSubject: boolean;
  untimely: string | null;
}): Promise<string | null> {
  if (!hasSubject) return "the request names no customer id, email or phone";
  if (untimely) {
    return `Shopify's delivery could not be confirmed as current (${untimely}): check that this request appears under the customer in Shopify before resuming it.`;
  }
  // Shopify sends shop/redact only 48 hours after an uninstall and never while the app is installed:
  // one arriving now is a replay or a mistake, and carrying it out would erase a live shop.
  if (type === "shop_redact" && (await isShopInstalled({ db: tx, shop }))) {
    return "The app is still installed in this shop, so its data was not erased. Shopify only asks for this after an uninstall; resume it only if you want all of this shop's data erased now.";
  }
  return null;
}
