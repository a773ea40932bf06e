// What staff can do to a privacy request from the admin: retry a failed one, put one on hold, resume
// it. Each is one transaction: the status change (only from the statuses it applies to, so two clicks
// or a worker finishing in between cannot both win), the timeline event, the audit entry and, when
// the request must run again, the outbox row of its job.
import type { Db } from "../db.server";
import { recordAudit } from "../audit/audit-trail.server";
import { processPrivacyRequestJob } from "./jobs.server";
import { addToOutbox } from "../jobs/outbox.server";
import { recordRequestEvent, type RequestEventKind } from "./request-events.server";
import type { RequestStatus } from "./request-labels";
import { requestOutcome } from "./request-list.server";

export const REQUEST_INTENTS = ["retry", "hold", "resume"] as const;
export type RequestIntent = (typeof REQUEST_INTENTS)[number];

const TRANSITIONS: Record<RequestIntent, { from: RequestStatus[]; to: RequestStatus; event: RequestEventKind; queuesProcessing: boolean }> = {
  retry: { from: ["failed"], to: "received", event: "retried", queuesProcessing: true },
  // Held while its job waits for the next attempt ("retrying"), that attempt skips it.
  hold: { from: ["received", "processing", "retrying", "failed"], to: "on_hold", event: "held", queuesProcessing: false },
  resume: { from: ["on_hold"], to: "received", event: "resumed", queuesProcessing: true },
};

export type RequestActionOutcome =
  | { outcome: "done"; status: RequestStatus; outbox: Awaited<ReturnType<typeof addToOutbox>> | null }
  | { outcome: "not_found" }
  | { outcome: "not_allowed"; status: string };

export async function actOnPrivacyRequest({
  db,
  shop,
  id,
  intent,
  actor,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  id: string;
  intent: RequestIntent;
  /** "staff:<user id>" (see staffActor). */
  actor: string;
  now?: Date;
}): Promise<RequestActionOutcome> {
  const transition = TRANSITIONS[intent];
  const status = transition.to;
  return db.$transaction(async (tx) => {
    const request = await tx.privacyRequest.findFirst({ where: { id, shop }, select: { status: true, subjectRef: true, type: true } });
    if (!request) return { outcome: "not_found" };
    const { count } = await tx.privacyRequest.updateMany({
      where: { id, shop, status: { in: transition.from } },
      // Running again starts from a clean slate; a hold keeps the last reason for the merchant to read.
      data: transition.queuesProcessing ? { status, lastError: null } : { status },
    });
    if (count === 0) return { outcome: "not_allowed", status: request.status };
    await recordRequestEvent(tx, { requestId: id, shop, kind: transition.event, detail: { by: actor, from: request.status }, at: now });
    await recordAudit(tx, { shop, actor, action: `privacy.request.${transition.event}`, subjectRef: request.subjectRef, detail: { requestId: id, type: request.type } }, now);
    if (!transition.queuesProcessing) return { outcome: "done", status, outbox: null };
    const message = await addToOutbox(tx, { shop, job: processPrivacyRequestJob, payload: { shop, requestId: id } });
    return { outcome: "done", status, outbox: message };
  });
}

export type DeliveryOutcome = { outcome: "done"; outbox: null } | { outcome: "not_found" } | { outcome: "not_allowed"; status: string };

/**
 * Staff sent a ready export to the customer themselves: the request's answer is given, and says so.
 * Only a completed data request whose export exists and was not marked sent before qualifies.
 */
export async function markExportDelivered({ db, shop, id, actor, now = new Date() }: { db: Db; shop: string; id: string; actor: string; now?: Date }): Promise<DeliveryOutcome> {
  return db.$transaction(async (tx) => {
    const request = await tx.privacyRequest.findFirst({ where: { id, shop }, select: { type: true, status: true, result: true, subjectRef: true } });
    if (!request) return { outcome: "not_found" };
    const result = (request.result ? JSON.parse(request.result) : {}) as { deliveredAt?: string };
    const ready = requestOutcome(request) === "export_ready";
    if (!ready) return { outcome: "not_allowed", status: request.status };
    // Guarded by the result read above: a second click in between finds deliveredAt set and changes nothing.
    const { count } = await tx.privacyRequest.updateMany({
      where: { id, shop, result: request.result },
      data: { result: JSON.stringify({ ...result, deliveredAt: now.toISOString() }) },
    });
    if (count === 0) return { outcome: "not_allowed", status: request.status };
    await recordRequestEvent(tx, { requestId: id, shop, kind: "delivered", detail: { by: actor }, at: now });
    await recordAudit(tx, { shop, actor, action: "privacy.export.delivered", subjectRef: request.subjectRef, detail: { requestId: id } }, now);
    return { outcome: "done", outbox: null };
  });
}
