// The sync as a holder of personal data: webhook payloads received but not yet applied (sealed in the
// inbox) name a customer. Erasing the customer drops them, so no pending delivery re-creates them; the
// apply job then finds nothing to do. Everything else the sync writes lives in the vault's holder.
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";

export const syncHolder: CustomerDataHolder = {
  name: "sync",
  async eraseCustomer({ db, subject }) {
    const pending = await db.webhookDelivery.updateMany({
      where: { shop: subject.shop, subjectRef: subject.subjectRef, sealedPayload: { not: null } },
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
