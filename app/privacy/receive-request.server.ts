// Accepting a compliance webhook. The route only checks the delivery and appends it to the inbox
// (acknowledgeComplianceWebhook); the relay then derives, in one transaction per delivery, the privacy
// request, its timeline and its job (deriveComplianceRequest). receiveComplianceWebhook does both at
// once, for callers outside the webhook's hot path.
import type { Db } from "../db.server";
import { recordAudit } from "../audit/audit-trail.server";
import { newId } from "../ids.server";
import { addToOutbox } from "../jobs/outbox.server";

type OutboxMessage = Awaited<ReturnType<typeof addToOutbox>>;
import { processPrivacyRequestJob } from "./jobs.server";
import { parseCompliancePayload, REQUEST_TYPE, type ComplianceTopic, type PrivacyRequestType } from "./compliance-payloads.server";
import { seal, subjectRef, subjectSealContext, unseal } from "./privacy-keys.server";
import type { InboxAppender } from "../webhooks/inbox-appender.server";
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

/** What the app keeps of a compliance delivery: the subject and scope, nothing else of the body. */
interface ComplianceRecord {
  customerId: string | null;
  /** Only without a customer id: the email or phone is then the only way to find the person. */
  identifiers: { email?: string | null; phone?: string | null } | null;
  orderIds: string[];
  dataRequestId: string | null;
}

type ParsedDelivery = { success: true; record: ComplianceRecord } | { success: false; reason: string };

function parseDelivery(delivery: Delivery<ComplianceTopic>, payload: unknown): ParsedDelivery {
  const parsed = parseCompliancePayload(delivery.topic, payload);
  if (!parsed.success) return { success: false, reason: parsed.reason };
  const { shopDomain, customer, orderIds, dataRequestId } = parsed.request;
  if (shopDomain !== delivery.shop) return { success: false, reason: "shop_domain does not match the X-Shopify-Shop-Domain header" };
  const customerId = customer?.id ?? null;
  // With an id, neither the email nor the phone is stored at all.
  const identifiers = customer && !customerId && (customer.email || customer.phone) ? { email: customer.email, phone: customer.phone } : null;
  return { success: true, record: { customerId, identifiers, orderIds, dataRequestId } };
}

const subjectOf = (shop: string, record: ComplianceRecord) => (record.customerId ? subjectRef({ shop, customerId: record.customerId }) : null);

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
  const parsed = parseDelivery(delivery, payload);
  if (!parsed.success) return { outcome: "invalid", reason: parsed.reason };
  const requestId = newId();
  const received = await recordDeliveryOnce({
    db,
    delivery,
    now,
    effects: (tx) => createPrivacyRequest({ tx, delivery, record: parsed.record, requestId, untimely, now }),
  });
  return received.outcome === "duplicate" ? received : { outcome: "accepted", requestId, outbox: received.result };
}

// The lean acknowledgement (the webhook route): the delivery is checked and appended to the inbox,
// its record sealed in the row; the request, its timeline and its job are derived from the row later.
const pendingContext = (shop: string, deliveryId: string) => `compliance-delivery:${shop}:${deliveryId}`;

export async function acknowledgeComplianceWebhook({
  append,
  delivery,
  payload,
  untimely = null,
  now = new Date(),
}: {
  append: InboxAppender["append"];
  delivery: Delivery<ComplianceTopic>;
  payload: unknown;
  untimely?: string | null;
  now?: Date;
}): Promise<{ outcome: "accepted" | "duplicate" } | { outcome: "invalid"; reason: string }> {
  const parsed = parseDelivery(delivery, payload);
  if (!parsed.success) return { outcome: "invalid", reason: parsed.reason };
  const outcome = await append({
    id: delivery.id,
    shop: delivery.shop,
    topic: delivery.topic,
    triggeredAt: delivery.triggeredAt ?? null,
    receivedAt: now,
    sealedPayload: seal(JSON.stringify({ record: parsed.record, untimely }), pendingContext(delivery.shop, delivery.id)),
    subjectRef: subjectOf(delivery.shop, parsed.record),
  });
  return { outcome };
}

/** Derives the request from an inbox row appended by acknowledgeComplianceWebhook; the sealed record goes. */
export async function deriveComplianceRequest(tx: InboxTx, row: { id: string; shop: string; topic: string; receivedAt: Date; triggeredAt: Date | null; sealedPayload: string | null }) {
  // The shop was erased between the acknowledgement and now (its pending records with it): nothing to act on.
  if (!row.sealedPayload) return null;
  const { record, untimely } = JSON.parse(unseal(row.sealedPayload, pendingContext(row.shop, row.id)).toString("utf8")) as { record: ComplianceRecord; untimely: string | null };
  await tx.webhookDelivery.update({ where: { id: row.id }, data: { sealedPayload: null } });
  const delivery = { id: row.id, shop: row.shop, topic: row.topic as ComplianceTopic, triggeredAt: row.triggeredAt ?? undefined };
  return createPrivacyRequest({ tx, delivery, record, requestId: newId(), untimely, now: row.receivedAt });
}

/** The request, its first timeline entry and its job (or, held, its audit entry), in the caller's transaction. */
async function createPrivacyRequest({
  tx,
  delivery,
  record,
  requestId,
  untimely,
  now,
}: {
  tx: InboxTx;
  delivery: Delivery<ComplianceTopic>;
  record: ComplianceRecord;
  requestId: string;
  untimely: string | null;
  now: Date;
}): Promise<OutboxMessage | null> {
  const { customerId, identifiers, orderIds, dataRequestId } = record;
  const type = REQUEST_TYPE[delivery.topic];
  const ref = subjectOf(delivery.shop, record);
  const hasSubject = type === "shop_redact" || customerId || identifiers;
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
