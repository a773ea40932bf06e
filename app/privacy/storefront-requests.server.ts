// Privacy requests a shopper makes in the storefront privacy center (docs/decisions/018-privacy-center.md).
// They join the compliance webhooks' pipeline: the same PrivacyRequest with its deadline, timeline,
// audit entry and job, marked with source "storefront". A copy of the data and an erasure are carried
// out by the job; an erasure also asks Shopify to erase the customer, so Shopify's own customers/redact
// follows. A correction or a "do not sell or share" opt-out needs the merchant's hand in Shopify: those
// wait on hold with what to do, and "Resume" records them as done.
import type { Db } from "../db.server";
import { recordAudit } from "../audit/audit-trail.server";
import { newId } from "../ids.server";
import { addToOutbox, type OutboxMessage } from "../jobs/outbox.server";
import { processPrivacyRequestJob, requestShopifyErasureJob } from "./jobs.server";
import { seal, subjectRef, subjectSealContext } from "./privacy-keys.server";
import { RESPONSE_DAYS } from "./receive-request.server";
import { recordRequestEvent } from "./request-events.server";

export const STOREFRONT_REQUEST_TYPES = ["data_request", "customer_redact", "correction", "sale_opt_out"] as const;
export type StorefrontRequestType = (typeof STOREFRONT_REQUEST_TYPES)[number];

/** Types the merchant carries out in Shopify; the app records them and their deadline. */
export const MERCHANT_HANDLED_TYPES: readonly string[] = ["correction", "sale_opt_out"];

const HOLD_REASON: Record<"correction" | "sale_opt_out", string> = {
  correction:
    "The customer asks to correct their data (Art. 16 GDPR). Contact them, correct it in Shopify (the app's copy follows through the sync), then resume this request to record it as done.",
  sale_opt_out:
    "The customer opts out of the sale and sharing of their data. Set the customer's data sale opt-out in Shopify, then resume this request to record it as done.",
};

const DAY_MS = 24 * 3600 * 1000;

/** Who asked: the logged-in customer (signed by the app proxy), or a guest who confirmed their email. */
export type StorefrontRequester = { customerId: string } | { email: string };

export async function createStorefrontRequest({
  db,
  shop,
  type,
  requester,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  type: StorefrontRequestType;
  requester: StorefrontRequester;
  now?: Date;
}): Promise<{ requestId: string; outbox: OutboxMessage[] }> {
  const requestId = newId();
  const customerId = "customerId" in requester ? requester.customerId : null;
  const ref = customerId ? subjectRef({ shop, customerId }) : null;
  const holdReason = type === "correction" || type === "sale_opt_out" ? HOLD_REASON[type] : null;
  const outbox = await db.$transaction(async (tx) => {
    await tx.privacyRequest.create({
      data: {
        id: requestId,
        shop,
        type,
        source: "storefront",
        // Unique like a webhook's id; no delivery stands behind a storefront request.
        deliveryId: `storefront:${requestId}`,
        customerId,
        subjectRef: ref,
        subjectSealed: "email" in requester ? seal(JSON.stringify({ email: requester.email }), subjectSealContext(shop, requestId)) : null,
        status: holdReason ? "on_hold" : "received",
        lastError: holdReason,
        receivedAt: now,
        dueAt: new Date(now.getTime() + RESPONSE_DAYS * DAY_MS),
      },
    });
    await recordRequestEvent(tx, { requestId, shop, kind: "requested_in_storefront", detail: { identifiedBy: customerId ? "customer_account" : "email" }, at: now });
    await recordAudit(tx, { shop, actor: customerId ? "storefront:customer" : "storefront:email-confirmed", action: `privacy.${type}.requested`, subjectRef: ref }, now);
    if (holdReason) return [];
    // An erasure asks Shopify first; that job then queues the app's own (app/privacy/shopify-erasure.server.ts).
    const job = type === "customer_redact" ? requestShopifyErasureJob : processPrivacyRequestJob;
    return [await addToOutbox(tx, { shop, job, payload: { shop, requestId } })];
  });
  return { requestId, outbox };
}
