// The privacy module's own records as a holder: earlier requests and exports of the same person,
// and, for a shop erasure, every inbox, outbox, request and audit row of the shop.
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

  async eraseShop({ db, shop }) {
    const [events, exports, requests, deliveries, outbox, audit, anchors] = await db.$transaction([
      db.privacyRequestEvent.deleteMany({ where: { shop } }),
      db.dataExport.deleteMany({ where: { shop } }),
      db.privacyRequest.deleteMany({ where: { shop } }),
      db.webhookDelivery.deleteMany({ where: { shop } }),
      db.outboxMessage.deleteMany({ where: { shop } }),
      db.auditEvent.deleteMany({ where: { shop } }),
      db.auditChainAnchor.deleteMany({ where: { shop } }),
    ]);
    return {
      requestEvents: events.count,
      exports: exports.count,
      requests: requests.count,
      webhookDeliveries: deliveries.count,
      outboxMessages: outbox.count,
      auditEvents: audit.count,
      auditAnchors: anchors.count,
    };
  },
};
