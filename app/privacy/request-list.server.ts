// What the admin shows of privacy requests: a filtered, paged list and one request in detail. Every
// query is scoped by the shop; a customer is only ever shown by a masked reference, an export only
// by its metadata (never its content).
import { MERCHANT_HANDLED_TYPES } from "./storefront-requests.server";
import type { Db } from "../db.server";
import type { RequestType } from "./request-labels";
import { shopRef } from "./privacy-keys.server";
import { verifyRedactionReceipt } from "./redaction-receipts.server";
import { failureCode } from "./failure-codes.server";
import { DUE_SOON_DAYS, REQUEST_SOURCES, REQUEST_STATUSES, type RequestOutcome, type RequestStatus, type RequestSubject } from "./request-labels";

const DAY_MS = 24 * 3600 * 1000;
export const REQUESTS_PAGE_SIZE = 25;

export interface RequestListFilters {
  type?: RequestType;
  status?: RequestStatus;
  overdueOnly?: boolean;
}

type StoredRequest = { type: string; subjectRef: string | null; status: string; dueAt: Date; result: string | null };

/** "Customer …7f3a": enough to tell requests apart, useless to identify anyone. */
export function requestSubject({ type, subjectRef }: Pick<StoredRequest, "type" | "subjectRef">): RequestSubject {
  if (type === "shop_redact") return { kind: "shop" };
  // No customer id came with the request and nobody was matched yet: located by email or phone,
  // which are never shown.
  return subjectRef ? { kind: "customer", ref: subjectRef.slice(-4) } : { kind: "unidentified" };
}

/** What a completed request achieved, from the result its processing stored (null while open). */
export function requestOutcome({ type, status, result }: Pick<StoredRequest, "type" | "status" | "result">): RequestOutcome | null {
  if (status !== "completed") return null;
  if (type === "shop_redact") return "shop_erased";
  if (MERCHANT_HANDLED_TYPES.includes(type)) return "handled";
  const stored = (result ? JSON.parse(result) : {}) as { customersFound?: number; customersWithData?: number; itemsErased?: number; deliveredAt?: string };
  if (type === "data_request") {
    // Results stored before these counts existed leave them out: read as "data found".
    if (stored.customersFound === 0 || stored.customersWithData === 0) return "no_data";
    return stored.deliveredAt ? "delivered" : "export_ready";
  }
  if (stored.customersFound === 0) return "nobody_found";
  return stored.itemsErased === 0 ? "no_data" : "erased";
}

/**
 * Whole days until the deadline, negative once it passed; null once the customer has their answer.
 * An export that is ready but not yet sent still runs against the deadline.
 */
export function daysLeft(request: Pick<StoredRequest, "type" | "status" | "dueAt" | "result">, now: Date): number | null {
  const answered = request.status === "completed" && requestOutcome(request) !== "export_ready";
  return answered ? null : Math.floor((request.dueAt.getTime() - now.getTime()) / DAY_MS);
}

const openRequest = { status: { not: "completed" } };

/** The numbers that need the merchant's attention: shown as banners and on the admin home. */
export async function countRequestAlerts({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS);
  const [open, failed, overdue, dueSoon] = await Promise.all([
    db.privacyRequest.count({ where: { shop, ...openRequest } }),
    db.privacyRequest.count({ where: { shop, status: "failed" } }),
    db.privacyRequest.count({ where: { shop, ...openRequest, dueAt: { lt: now } } }),
    db.privacyRequest.count({ where: { shop, ...openRequest, dueAt: { gte: now, lt: soon } } }),
  ]);
  return { open, failed, overdue, dueSoon };
}

export async function listPrivacyRequests({
  db,
  shop,
  filters,
  page,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  filters: RequestListFilters;
  /** 1-based. */
  page: number;
  now?: Date;
}) {
  const where = {
    shop,
    AND: [
      filters.type ? { type: filters.type } : {},
      filters.status ? { status: filters.status } : {},
      filters.overdueOnly ? { ...openRequest, dueAt: { lt: now } } : {},
    ],
  };
  const [rows, matching, byStatus, alerts] = await Promise.all([
    db.privacyRequest.findMany({
      where,
      orderBy: [{ receivedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * REQUESTS_PAGE_SIZE,
      take: REQUESTS_PAGE_SIZE,
      select: { id: true, type: true, subjectRef: true, receivedAt: true, dueAt: true, status: true, attempts: true, lastError: true, nextAttemptAt: true, result: true },
    }),
    db.privacyRequest.count({ where }),
    db.privacyRequest.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
    countRequestAlerts({ db, shop, now }),
  ]);
  const totalsByStatus = Object.fromEntries(REQUEST_STATUSES.map((status) => [status, 0])) as Record<RequestStatus, number>;
  for (const group of byStatus) totalsByStatus[group.status as RequestStatus] = group._count._all;
  return {
    requests: rows.map((row) => ({
      id: row.id,
      type: row.type as RequestType,
      subject: requestSubject(row),
      receivedAt: row.receivedAt.toISOString(),
      dueAt: row.dueAt.toISOString(),
      daysLeft: daysLeft(row, now),
      status: row.status as RequestStatus,
      outcome: requestOutcome(row),
      attempts: row.attempts,
      failure: failureCode(row.lastError),
      nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    })),
    page,
    hasPrevious: page > 1,
    hasNext: page * REQUESTS_PAGE_SIZE < matching,
    matching,
    totalsByStatus,
    alerts,
  };
}

/** One request with its timeline, export metadata and redaction receipts; null if not this shop's. */
export async function getPrivacyRequest({ db, shop, id, now = new Date() }: { db: Db; shop: string; id: string; now?: Date }) {
  const request = await db.privacyRequest.findFirst({
    where: { id, shop },
    include: {
      events: { orderBy: { at: "asc" }, select: { kind: true, at: true, detail: true } },
      exports: { orderBy: { format: "asc" }, select: { format: true, byteSize: true, createdAt: true, expiresAt: true, downloadedAt: true } },
    },
  });
  if (!request) return null;
  // A receipt's trigger is the request id, or the request id followed by the person's reference.
  const receipts = await db.redactionReceipt.findMany({
    where: { shopRef: shopRef(shop), triggerId: { startsWith: request.id } },
    orderBy: { erasedAt: "asc" },
  });
  return {
    id: request.id,
    type: request.type as RequestType,
    subject: requestSubject(request),
    source: request.source as (typeof REQUEST_SOURCES)[number],
    // Shopify's own references, so the merchant can match the request to their admin; the customer
    // id is only kept until the request is done.
    shopifyDataRequestId: request.shopifyDataRequestId,
    shopifyCustomerId: request.customerId,
    status: request.status as RequestStatus,
    outcome: requestOutcome(request),
    deliveredAt: (request.result ? (JSON.parse(request.result) as { deliveredAt?: string }).deliveredAt : undefined) ?? null,
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    daysLeft: daysLeft(request, now),
    completedAt: request.completedAt?.toISOString() ?? null,
    attempts: request.attempts,
    failure: failureCode(request.lastError),
    nextAttemptAt: request.nextAttemptAt?.toISOString() ?? null,
    timeline: request.events.map((event) => {
      const detail = event.detail ? (JSON.parse(event.detail) as { reason?: string }) : {};
      // A failed attempt's technical reason becomes the same code as the request's own failure.
      return { kind: event.kind, at: event.at.toISOString(), failure: failureCode(detail.reason ?? null) };
    }),
    exports: request.exports.map((stored) => ({
      format: stored.format,
      byteSize: stored.byteSize,
      createdAt: stored.createdAt.toISOString(),
      expiresAt: stored.expiresAt.toISOString(),
      downloadedAt: stored.downloadedAt?.toISOString() ?? null,
      expired: stored.expiresAt <= now,
    })),
    receipts: receipts.map((receipt) => ({
      scope: receipt.scope,
      erased: JSON.parse(receipt.erased) as Record<string, number>,
      erasedAt: receipt.erasedAt.toISOString(),
      digest: receipt.digest,
      verified: verifyRedactionReceipt(receipt),
    })),
  };
}
