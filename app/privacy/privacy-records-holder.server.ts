// The privacy module's own records as a holder: earlier requests and exports of the same person,
// and, for a shop erasure, every inbox, outbox, request and audit row of the shop.
import type { Db } from "../db.server";
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
 * Every inbox, outbox, request and audit row of the shop, except what belongs to a request received
 * from `receivedBefore` on: a request that arrives while the shop is being erased is not part of that
 * erasure. It stays to be answered, and its own completion erases the shop's records once more
 * (process-request). Audit rows all go: a late request writes its own after this.
 */
export async function erasePrivacyRecords({ db, shop, receivedBefore }: { db: Db; shop: string; receivedBefore: Date }) {
  const before = { lt: receivedBefore };
  return db.$transaction(async (tx) => {
    const events = await tx.privacyRequestEvent.deleteMany({ where: { shop, request: { receivedAt: before } } });
    const exports = await tx.dataExport.deleteMany({ where: { shop, request: { receivedAt: before } } });
    const requests = await tx.privacyRequest.deleteMany({ where: { shop, receivedAt: before } });
    const deliveries = await tx.webhookDelivery.deleteMany({ where: { shop, receivedAt: before } });
    // A job queued since then for a request received before is an orphan now: it goes too.
    const survivors = new Set((await tx.privacyRequest.findMany({ where: { shop }, select: { id: true } })).map((row) => row.id));
    const orphans = (await tx.outboxMessage.findMany({ where: { shop, createdAt: { gte: receivedBefore } }, select: { id: true, payload: true } }))
      .filter((row) => {
        const { requestId } = JSON.parse(row.payload) as { requestId?: unknown };
        return typeof requestId === "string" && !survivors.has(requestId);
      })
      .map((row) => row.id);
    const outbox = await tx.outboxMessage.deleteMany({ where: { shop, OR: [{ createdAt: before }, { id: { in: orphans } }] } });
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
