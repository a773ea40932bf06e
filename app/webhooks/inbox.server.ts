// The webhook inbox, shared by every topic the app processes later: the delivery is recorded under
// Shopify's idempotency key in the same transaction as everything it causes (rows, outbox messages).
// A redelivery fails on the key, rolls the whole transaction back and is reported as a duplicate.
import { isUniqueViolation, type Db } from "../db.server";

export interface Delivery<Topic extends string = string> {
  /** X-Shopify-Webhook-Id, the idempotency key (one per delivery, the same on its retries). */
  id: string;
  shop: string;
  topic: Topic;
  triggeredAt?: Date;
}

export type InboxTx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type InboxOutcome<Result> = { outcome: "accepted"; result: Result } | { outcome: "duplicate" };

export async function recordDeliveryOnce<Result>({
  db,
  delivery,
  now,
  sealedPayload = null,
  subjectRef = null,
  effects,
}: {
  db: Db;
  delivery: Delivery;
  now: Date;
  /** The payload, minimised and sealed, for a job that applies it later. */
  sealedPayload?: string | null;
  /** Keyed hash of the customer the payload is about, so an erasure can find it. */
  subjectRef?: string | null;
  /** What the delivery causes, in the same transaction. */
  effects: (tx: InboxTx) => Promise<Result>;
}): Promise<InboxOutcome<Result>> {
  try {
    const result = await db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({
        data: {
          id: delivery.id,
          shop: delivery.shop,
          topic: delivery.topic,
          triggeredAt: delivery.triggeredAt ?? null,
          receivedAt: now,
          sealedPayload,
          subjectRef,
        },
      });
      return effects(tx);
    });
    return { outcome: "accepted", result };
  } catch (error) {
    if (isUniqueViolation(error)) return { outcome: "duplicate" };
    throw error;
  }
}
