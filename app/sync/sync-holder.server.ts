// The sync as a holder of personal data: webhook payloads received but not yet applied (sealed in the
// inbox) name a customer. A data request exports them; erasing the customer drops them, so no pending
// delivery re-creates them and the apply job finds nothing to do. Everything else the sync writes
// lives in the vault's holder.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { unseal } from "../privacy/privacy-keys.server";
import { syncPayloadContext } from "./apply-webhook.server";
import { SYNC_TOPICS } from "./webhook-payloads.server";

export const syncHolder: CustomerDataHolder = {
  name: "sync",
  sources: { pendingWebhooks: ["shopify_customer_webhooks", "shopify_order_webhooks", "shopify_consent_webhooks"] },
  async exportCustomer({ db, subject }) {
    const pending = await db.webhookDelivery.findMany({
      // Compliance deliveries still to be derived hold a request's record, not sync data.
      where: { shop: subject.shop, subjectRef: subject.subjectRef, sealedPayload: { not: null }, topic: { in: [...SYNC_TOPICS] } },
      orderBy: { receivedAt: "asc" },
      select: { id: true, topic: true, receivedAt: true, sealedPayload: true },
    });
    return {
      pendingWebhooks: pending.map(({ id, topic, receivedAt, sealedPayload }) => ({
        topic,
        receivedAt,
        event: JSON.parse(unseal(sealedPayload!, syncPayloadContext(subject.shop, id)).toString("utf8")) as unknown,
      })),
    };
  },
  async eraseCustomer({ db, subject }) {
    const pending = await db.webhookDelivery.updateMany({
      where: { shop: subject.shop, subjectRef: subject.subjectRef, sealedPayload: { not: null }, topic: { in: [...SYNC_TOPICS] } },
      data: { sealedPayload: null },
    });
    return { pendingPayloads: pending.count };
  },
  async eraseShop({ db, shop }) {
    const [pending, states, settings] = await db.$transaction([
      db.webhookDelivery.updateMany({ where: { shop, sealedPayload: { not: null } }, data: { sealedPayload: null } }),
      db.syncState.deleteMany({ where: { shop } }),
      db.syncSettings.deleteMany({ where: { shop } }),
    ]);
    return { pendingPayloads: pending.count, syncStates: states.count, syncSettings: settings.count };
  },
};
