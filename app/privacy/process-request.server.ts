// Carrying out a privacy request, retried by its job until it succeeds or its attempts run out.
// Every step is idempotent (exports are replaced, erasures find nothing the second time, receipts
// are written once per request), so a worker killed halfway simply runs it again.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { shortReason } from "../jobs/failure-reason.server";
import { recordAudit } from "../audit/audit-trail.server";
import type { CustomerDataHolder, CustomerSubject } from "./customer-data-holder.server";
import { buildCustomerExport, storeCustomerExport } from "./customer-export.server";
import { eraseCustomerData } from "./erase-customer.server";
import { privacyRecordsHolder } from "./privacy-records-holder.server";
import { requestErasureProgress } from "./erasure-progress.server";
import { eraseShopData } from "./erase-shop.server";
import { subjectRef, subjectSealContext, unseal } from "./privacy-keys.server";
import { shopWasErased } from "./redaction-receipts.server";
import { recordRequestEvent } from "./request-events.server";
import { MERCHANT_HANDLED_TYPES } from "./storefront-requests.server";

export class PrivacyRequestGone extends Error {}

type Request = NonNullable<Awaited<ReturnType<Db["privacyRequest"]["findUnique"]>>>;

/** The customers a request concerns: its customer id, or whoever the holders know by email/phone. */
export async function resolveCustomerIds(db: Db, holders: CustomerDataHolder[], request: Request): Promise<string[]> {
  if (request.customerId) return [request.customerId];
  if (!request.subjectSealed) return [];
  const { email, phone } = JSON.parse(unseal(request.subjectSealed, subjectSealContext(request.shop, request.id)).toString()) as {
    email?: string;
    phone?: string;
  };
  const found = new Set<string>();
  for (const holder of holders) {
    for (const id of (await holder.findCustomerIds?.({ db, shop: request.shop, email, phone })) ?? []) found.add(id);
  }
  return [...found];
}

/** An export's data without the privacy module's own records, which only describe the requests themselves. */
function personalData(data: Record<string, unknown>): Record<string, unknown> {
  const { [privacyRecordsHolder.name]: _requests, ...held } = data;
  return held;
}

/** Whether an export's data holds anything about the person: holders answer null or empty lists when not. */
function holdsContent(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.some(holdsContent);
  if (typeof value === "object") return Object.values(value).some(holdsContent);
  return true;
}

function subjectFor(request: Request, customerId: string): CustomerSubject {
  return {
    shop: request.shop,
    customerId,
    subjectRef: subjectRef({ shop: request.shop, customerId }),
    orderIds: JSON.parse(request.orderIds) as string[],
    requestId: request.id,
  };
}

async function carryOut(db: Db, holders: CustomerDataHolder[], request: Request, log: Logger) {
  // Carried out by the merchant in Shopify; resuming the held request records that it was done.
  if (MERCHANT_HANDLED_TYPES.includes(request.type)) return { handledByMerchant: true };
  if (request.type === "shop_redact") {
    const { erased, receiptId } = await eraseShopData({ db, holders, shop: request.shop, triggerId: request.id, log });
    return { erased, receiptId, requestErased: true };
  }
  const customerIds = await resolveCustomerIds(db, holders, request);
  if (!request.subjectRef && customerIds.length === 1) {
    // Found by email or phone: from now on the request names its subject like any other.
    await db.privacyRequest.update({ where: { id: request.id }, data: { subjectRef: subjectRef({ shop: request.shop, customerId: customerIds[0]! }) } });
  }
  if (request.type === "data_request") {
    const exported: string[] = [];
    let customersWithData = 0;
    for (const customerId of customerIds) {
      const subject = subjectFor(request, customerId);
      const document = await buildCustomerExport({ db, holders, subject, request });
      if (holdsContent(personalData(document.data))) customersWithData += 1;
      await storeCustomerExport({ db, shop: request.shop, requestId: request.id, document });
      await recordAudit(db, { shop: request.shop, actor: "job:privacy.process-request", action: "privacy.export.generated", subjectRef: subject.subjectRef });
      exported.push(subject.subjectRef);
    }
    await recordRequestEvent(db, { requestId: request.id, shop: request.shop, kind: "export_ready", detail: { customers: exported.length } });
    // "We hold no data about this person" is an answer of its own, shown as such to the merchant.
    return { customersFound: customerIds.length, customersWithData };
  }
  const receipts: string[] = [];
  let erasedTotal = 0;
  for (const customerId of customerIds) {
    const subject = subjectFor(request, customerId);
    const { erased, receiptId } = await eraseCustomerData({
      db,
      holders,
      subject,
      triggerId: `${request.id}:${subject.subjectRef}`,
      progress: (holder) => requestErasureProgress({ db, requestId: request.id, subjectRef: subject.subjectRef, holder }),
    });
    receipts.push(receiptId);
    erasedTotal += Object.values(erased).reduce((sum, count) => sum + count, 0);
    await recordAudit(db, { shop: request.shop, actor: "job:privacy.process-request", action: "privacy.customer.erased", subjectRef: subject.subjectRef, detail: erased });
  }
  await recordRequestEvent(db, { requestId: request.id, shop: request.shop, kind: "erased", detail: { customers: receipts.length, items: erasedTotal } });
  // After the shop itself was erased, even the record of a late request must not linger.
  if (await shopWasErased({ db, shop: request.shop })) {
    await eraseShopData({ db, holders: [], shop: request.shop, triggerId: `${request.id}:after-shop-erasure`, log });
    return { receipts, requestErased: true };
  }
  return { receipts, customersFound: customerIds.length, itemsErased: erasedTotal };
}

export async function processPrivacyRequest({
  db,
  holders,
  requestId,
  attempt,
  maxAttempts,
  retryDelayMs,
  log,
  now = () => new Date(),
}: {
  db: Db;
  holders: CustomerDataHolder[];
  requestId: string;
  attempt: number;
  maxAttempts: number;
  /** When a failure of this attempt is retried (the job's backoff); null on the last attempt. */
  retryDelayMs: number | null;
  log: Logger;
  now?: () => Date;
}) {
  const request = await db.privacyRequest.findUnique({ where: { id: requestId } });
  if (!request) throw new PrivacyRequestGone(`privacy request ${requestId} does not exist`);
  if (request.status === "completed" || request.status === "on_hold") return { skipped: request.status };
  const { shop } = request;
  if (!request.startedAt) {
    // Written here rather than in the webhook request, which stays as short as it can be.
    await recordAudit(db, { shop, actor: `shopify:${request.type}`, action: `privacy.${request.type}.received`, subjectRef: request.subjectRef, detail: { receivedAt: request.receivedAt.toISOString() } });
  }
  await db.privacyRequest.update({ where: { id: requestId }, data: { status: "processing", attempts: attempt, nextAttemptAt: null, startedAt: request.startedAt ?? now() } });
  await recordRequestEvent(db, { requestId, shop, kind: "started", detail: { attempt } });
  try {
    const { requestErased, ...result } = await carryOut(db, holders, request, log);
    if (requestErased) return result;
    // One transaction: whoever sees the request completed also sees its timeline and audit entry.
    await db.$transaction(async (tx) => {
      await tx.privacyRequest.update({
        where: { id: requestId },
        // Done: the identifiers that located the person (their id, email or phone, their order ids) are
        // no longer needed; the number of orders Shopify named stays with the result.
        data: {
          status: "completed",
          completedAt: now(),
          lastError: null,
          nextAttemptAt: null,
          erasureProgress: null,
          result: JSON.stringify({ ...result, ordersNamed: (JSON.parse(request.orderIds) as string[]).length }),
          customerId: null,
          subjectSealed: null,
          orderIds: "[]",
        },
      });
      await recordRequestEvent(tx, { requestId, shop, kind: "completed" });
      await recordAudit(tx, { shop, actor: "job:privacy.process-request", action: `privacy.${request.type}.completed`, subjectRef: request.subjectRef });
    });
    return result;
  } catch (error) {
    const reason = shortReason(error);
    const final = attempt >= maxAttempts || retryDelayMs === null;
    const nextAttemptAt = final ? null : new Date(now().getTime() + retryDelayMs);
    // Held meanwhile by staff: the hold stands (the next attempt skips the request).
    await db.privacyRequest.updateMany({
      where: { id: requestId, status: "processing" },
      data: { lastError: reason, status: final ? "failed" : "retrying", nextAttemptAt },
    });
    await recordRequestEvent(db, {
      requestId,
      shop,
      kind: final ? "failed" : "attempt_failed",
      detail: { attempt, reason, ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}) },
    }).catch(() => {});
    log.debug({ requestId, err: error }, "privacy request attempt failed");
    if (final) log.error({ requestId, type: request.type, reason }, "privacy request failed for good: the merchant must act");
    throw error;
  }
}
