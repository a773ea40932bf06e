// Applies one sync webhook delivery to the vault: unseals its minimised event, writes it unless the
// vault holds newer data (Shopify's updated_at decides, so out-of-order deliveries are harmless) or
// the customer was erased, then drops the sealed payload. A second run finds nothing pending.
import type { Db } from "../db.server";
import { relaySoon } from "../jobs/relay-soon.server";
import { queueRescore } from "../personalization/jobs.server";
import { storeOrderLines } from "../personalization/purchase-lines.server";
import { unseal } from "../privacy/privacy-keys.server";
import { upsertCustomer } from "../vault/customers.server";
import { eraseCustomer } from "../vault/erasure.server";
import { recordMarketingConsent } from "../vault/marketing-consent.server";
import { upsertOrder } from "../vault/orders.server";
import type { Vault } from "../vault/vault.server";
import { customerWasErased } from "./erased-customers.server";
import { minimiseCustomer, syncedFields } from "./minimisation.server";
import { noteWebhookApplied } from "./sync-state.server";
import { vaultCustomer } from "./vault-mapping.server";
import { syncEventSchema, type SyncEvent } from "./webhook-payloads.server";

/** Binds a sealed payload to its shop and delivery: copied to another row, it does not open. */
export const syncPayloadContext = (shop: string, deliveryId: string) => `${shop}|${deliveryId}|sync-event`;

export type ApplyOutcome = "applied" | "stale" | "erased_customer" | "deleted" | "nothing_pending" | "unknown_customer";

/**
 * A consent update for a customer the vault does not hold yet: Shopify sends customers/create and the
 * consent update at about the same time, in no set order. The job retries; after its last attempt
 * the update is dropped (the next full sync brings the consent).
 */
export class CustomerNotStoredYetError extends Error {}

interface DeliveryTimes {
  triggeredAt: Date | null;
  receivedAt: Date;
}

async function applyEvent({ db, vault, shop, event, delivery }: { db: Db; vault: Vault; shop: string; event: SyncEvent; delivery: DeliveryTimes }): Promise<ApplyOutcome> {
  switch (event.kind) {
    case "customer": {
      const { customer } = event;
      if (await customerWasErased({ db, shop, customerId: customer.customerId })) return "erased_customer";
      // The setting may have changed since the delivery was received: apply the current one.
      const minimised = minimiseCustomer(customer, await syncedFields({ db, shop }));
      const { applied } = await upsertCustomer({ db, vault, shop, customer: vaultCustomer(minimised), sourceUpdatedAt: customer.sourceUpdatedAt });
      // An erasure that ran between the check and the write: undo the write.
      if (await customerWasErased({ db, shop, customerId: customer.customerId })) {
        await eraseCustomer({ db, vault, shop, customerId: customer.customerId });
        return "erased_customer";
      }
      return applied ? "applied" : "stale";
    }
    case "customer_deleted":
      await eraseCustomer({ db, vault, shop, customerId: event.customerId });
      return "deleted";
    case "consent": {
      if (await customerWasErased({ db, shop, customerId: event.customerId })) return "erased_customer";
      // Without Shopify's consent time, the moment the change was sent orders it.
      const updatedAt = event.consentUpdatedAt ?? delivery.triggeredAt ?? delivery.receivedAt;
      const outcome = await recordMarketingConsent({ db, shop, customerId: event.customerId, report: { channel: event.channel, state: event.state, updatedAt } });
      // Given or withdrawn: personalization asks its gate again (and removes results on a withdrawal).
      if (outcome === "applied") relaySoon([await queueRescore(db, { shop, customerId: event.customerId })]);
      return outcome;
    }
    case "order": {
      const { order } = event;
      if (order.customerId && (await customerWasErased({ db, shop, customerId: order.customerId }))) return "erased_customer";
      const { applied } = await upsertOrder({ db, shop, order: { ...order, id: order.orderId }, sourceUpdatedAt: order.sourceUpdatedAt });
      if (!applied) return "stale";
      await storeOrderLines({ db, shop, order: { ...order, purchasedAt: order.processedAt ?? delivery.triggeredAt ?? delivery.receivedAt } });
      // The rescore asks the consent gate; a customer who does not consent is not scored.
      if (order.customerId) relaySoon([await queueRescore(db, { shop, customerId: order.customerId })]);
      return "applied";
    }
  }
}

export async function applySyncWebhook({
  db,
  vault,
  shop,
  deliveryId,
  lastAttempt = true,
  now = new Date(),
}: {
  db: Db;
  vault: Vault;
  shop: string;
  deliveryId: string;
  /** Whether this is the job's last attempt: an update that could succeed later is then dropped. */
  lastAttempt?: boolean;
  now?: Date;
}) {
  const delivery = await db.webhookDelivery.findFirst({ where: { id: deliveryId, shop }, select: { sealedPayload: true, triggeredAt: true, receivedAt: true } });
  // Already applied, or the customer's erasure removed the payload first.
  if (!delivery?.sealedPayload) return { outcome: "nothing_pending" satisfies ApplyOutcome };
  const event = syncEventSchema.parse(JSON.parse(unseal(delivery.sealedPayload, syncPayloadContext(shop, deliveryId)).toString("utf8")));
  const outcome = await applyEvent({ db, vault, shop, event, delivery });
  if (outcome === "unknown_customer" && !lastAttempt) throw new CustomerNotStoredYetError("consent update for a customer not stored yet; retried");
  await db.webhookDelivery.updateMany({ where: { id: deliveryId, shop }, data: { sealedPayload: null } });
  await noteWebhookApplied({ db, shop, at: now });
  return { outcome };
}
