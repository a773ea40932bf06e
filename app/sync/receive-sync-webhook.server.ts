// Accepting a customer, order or bulk-operation webhook. Like the compliance topics it goes through
// the inbox: in one transaction the delivery is recorded (a redelivery is a no-op) with its event,
// minimised and sealed, and the job that applies it is queued (outbox). Nothing else happens inside
// the webhook request.
import type { Db } from "../db.server";
import { applySyncWebhookJob, ingestBulkOperationJob } from "./jobs.server";
import { addToOutbox } from "../jobs/outbox.server";
import { seal, subjectRef } from "../privacy/privacy-keys.server";
import { recordDeliveryOnce, type Delivery } from "../webhooks/inbox.server";
import { syncPayloadContext } from "./apply-webhook.server";
import { minimiseCustomer, syncedFields } from "./minimisation.server";
import { parseSyncWebhook, type SyncEvent, type SyncTopic } from "./webhook-payloads.server";

type OutboxMessage = Awaited<ReturnType<typeof addToOutbox>>;

export type SyncReceiveOutcome = { outcome: "accepted"; outbox: OutboxMessage } | { outcome: "duplicate" } | { outcome: "invalid"; reason: string };

export async function receiveSyncWebhook({
  db,
  delivery,
  payload,
  now = new Date(),
}: {
  db: Db;
  delivery: Delivery<SyncTopic>;
  payload: unknown;
  now?: Date;
}): Promise<SyncReceiveOutcome> {
  const parsed = parseSyncWebhook(delivery.topic, payload);
  if (!parsed.success) return { outcome: "invalid", reason: parsed.reason };
  const { shop } = delivery;
  const { webhook } = parsed;

  if (webhook.kind === "bulk_finished") {
    const received = await recordDeliveryOnce({
      db,
      delivery,
      now,
      effects: (tx) => addToOutbox(tx, { shop, job: ingestBulkOperationJob, payload: { shop, operationId: webhook.operationId } }),
    });
    return received.outcome === "duplicate" ? received : { outcome: "accepted", outbox: received.result };
  }

  // Fields the shop does not sync are never written anywhere, not even sealed.
  const event: SyncEvent = webhook.event.kind === "customer" ? { ...webhook.event, customer: minimiseCustomer(webhook.event.customer, await syncedFields({ db, shop })) } : webhook.event;
  const received = await recordDeliveryOnce({
    db,
    delivery,
    now,
    sealedPayload: seal(JSON.stringify(event), syncPayloadContext(shop, delivery.id)),
    subjectRef: webhook.customerId ? subjectRef({ shop, customerId: webhook.customerId }) : null,
    effects: (tx) => addToOutbox(tx, { shop, job: applySyncWebhookJob, payload: { shop, deliveryId: delivery.id } }),
  });
  return received.outcome === "duplicate" ? received : { outcome: "accepted", outbox: received.result };
}
