// The privacy module's own records as a holder: earlier requests and exports of the same person,
// and, for a shop erasure, every inbox, outbox, request and audit row of the shop.
import type { Db } from "../db.server";
import { COMPLIANCE_TOPICS } from "./compliance-payloads.server";
import type { CustomerDataHolder } from "./customer-data-holder.server";

export const privacyRecordsHolder: CustomerDataHolder = {
  name: "privacy",

  sources: { requests: ["shopify_compliance_webhooks", "app_records"] },

  async exportCustomer({ db, subject, now = new Date() }) {
    const requests = await db.privacyRequest.findMany({
      where: { shop: subject.shop, subjectRef: subject.subjectRef },
      orderBy: { receivedAt: "asc" },
      select: { id: true, type: true, status: true, receivedAt: true, completedAt: true },
    });
    // The request this export answers is completed by handing the export over: shown as of then.
    return {
      requests: requests.map(({ id, ...request }) => (id === subject.requestId ? { ...request, status: "completed", completedAt: now } : request)),
    };
  },

  async eraseCustomer({ db, subject }) {
    // An earlier export is a full copy of the person's data: it goes with everything else.
    const exports = await db.dataExport.deleteMany({
      where: { shop: subject.shop, request: { subjectRef: subject.subjectRef } },
    });
    const requests = await db.privacyRequest.updateMany({
      where: {
        shop: subject.shop,
        subjectRef: subject.subjectRef,
        OR: [{ customerId: { not: null } }, { subjectSealed: { not: null } }, { orderIds: { not: "[]" } }],
      },
      data: { customerId: null, subjectSealed: null, orderIds: "[]" },
    });
    return { exports: exports.count, requestsPseudonymised: requests.count };
  },

  eraseShop: ({ db, shop }) => erasePrivacyRecords({ db, shop, receivedBefore: new Date() }),
};

/**
 * Every inbox, outbox, request and audit row of the shop, except what a privacy request received from
 * `receivedBefore` on still needs to be answered: a request that arrives while the shop is being erased
 * is not part of that erasure. Its compliance delivery (derived into the request or not yet), the
 * request, its timeline, export and job stay; its own completion erases the shop's records once more
 * (process-request). One already answered (completed before this erasure's receipt existed, so it did
 * not erase the shop again) goes like anything else that came in meanwhile (a sync delivery). Audit
 * rows all go: a late request writes its own after this.
 */
export async function erasePrivacyRecords({ db, shop, receivedBefore }: { db: Db; shop: string; receivedBefore: Date }) {
  const since = { gte: receivedBefore };
  return db.$transaction(async (tx) => {
    const late = await tx.privacyRequest.findMany({ where: { shop, receivedAt: since }, select: { id: true, deliveryId: true, status: true } });
    const open = late.filter((request) => request.status !== "completed").map((request) => request.id);
    const answeredDeliveries = late.filter((request) => request.status === "completed").map((request) => request.deliveryId);
    const openJobs = (await tx.outboxMessage.findMany({ where: { shop, createdAt: since }, select: { id: true, payload: true } }))
      .filter((row) => open.includes((JSON.parse(row.payload) as { requestId?: string }).requestId ?? ""))
      .map((row) => row.id);
    const notOpen = { notIn: open };
    const events = await tx.privacyRequestEvent.deleteMany({ where: { shop, requestId: notOpen } });
    const exports = await tx.dataExport.deleteMany({ where: { shop, requestId: notOpen } });
    const requests = await tx.privacyRequest.deleteMany({ where: { shop, id: notOpen } });
    const deliveries = await tx.webhookDelivery.deleteMany({
      where: { shop, OR: [{ NOT: { receivedAt: since, topic: { in: COMPLIANCE_TOPICS } } }, { id: { in: answeredDeliveries } }] },
    });
    const outbox = await tx.outboxMessage.deleteMany({ where: { shop, id: { notIn: openJobs } } });
    const audit = await tx.auditEvent.deleteMany({ where: { shop } });
    const anchors = await tx.auditChainAnchor.deleteMany({ where: { shop } });
    return {
      requestEvents: events.count,
      exports: exports.count,
      requests: requests.count,
      webhookDeliveries: deliveries.count,
      outboxMessages: outbox.count,
      auditEvents: audit.count,
      auditAnchors: anchors.count,
    };
  });
}
