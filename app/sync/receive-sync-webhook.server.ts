// Accepting a customer, order or bulk-operation webhook: the lean acknowledgement of decision 010, as
// for the compliance topics. The delivery is checked, its event minimised (fields the shop does not
// sync are never written anywhere, not even sealed) and sealed, and appended to the inbox; nothing
// else happens inside the webhook request. The relay then derives the job that applies the row.
import type { Db } from "../db.server";
import { addToOutbox } from "../jobs/outbox.server";
import { seal, subjectRef, unseal } from "../privacy/privacy-keys.server";
import type { PendingDelivery } from "../webhooks/derive-deliveries.server";
import type { InboxAppender } from "../webhooks/inbox-appender.server";
import type { Delivery, InboxTx } from "../webhooks/inbox.server";
import { syncPayloadContext } from "./apply-webhook.server";
import { applySyncWebhookJob, ingestBulkOperationJob } from "./jobs.server";
import { minimiseCustomer, syncedFields } from "./minimisation.server";
import { parseSyncWebhook, type SyncEvent, type SyncTopic } from "./webhook-payloads.server";

const BULK_FINISHED: SyncTopic = "BULK_OPERATIONS_FINISH";

export async function acknowledgeSyncWebhook({
  append,
  db,
  delivery,
  payload,
  now = new Date(),
}: {
  append: InboxAppender["append"];
  /** Reads the shop's synced fields. */
  db: Db;
  delivery: Delivery<SyncTopic>;
  payload: unknown;
  now?: Date;
}): Promise<{ outcome: "accepted" | "duplicate" } | { outcome: "invalid"; reason: string }> {
  const parsed = parseSyncWebhook(delivery.topic, payload);
  if (!parsed.success) return { outcome: "invalid", reason: parsed.reason };
  const { shop, id } = delivery;
  const { webhook } = parsed;
  let sealed: SyncEvent | { operationId: string };
  if (webhook.kind === "bulk_finished") sealed = { operationId: webhook.operationId };
  else if (webhook.event.kind === "customer") sealed = { ...webhook.event, customer: minimiseCustomer(webhook.event.customer, await syncedFields({ db, shop })) };
  else sealed = webhook.event;
  const customerId = webhook.kind === "event" ? webhook.customerId : null;
  const outcome = await append({
    id,
    shop,
    topic: delivery.topic,
    triggeredAt: delivery.triggeredAt ?? null,
    receivedAt: now,
    sealedPayload: seal(JSON.stringify(sealed), syncPayloadContext(shop, id)),
    subjectRef: customerId ? subjectRef({ shop, customerId }) : null,
  });
  return { outcome };
}

/**
 * Derives the job an appended sync delivery causes: applying its event (the job reads the sealed event
 * from the row), or ingesting a finished bulk operation. A row whose payload is gone (its customer or
 * shop was erased meanwhile) causes nothing.
 */
export async function deriveSyncDelivery(tx: InboxTx, row: PendingDelivery) {
  if (!row.sealedPayload) return null;
  const { shop, id } = row;
  if (row.topic !== BULK_FINISHED) return addToOutbox(tx, { shop, job: applySyncWebhookJob, payload: { shop, deliveryId: id } });
  const { operationId } = JSON.parse(unseal(row.sealedPayload, syncPayloadContext(shop, id)).toString("utf8")) as { operationId: string };
  await tx.webhookDelivery.update({ where: { id }, data: { sealedPayload: null } });
  return addToOutbox(tx, { shop, job: ingestBulkOperationJob, payload: { shop, operationId } });
}
