// The second half of a lean acknowledgement: deliveries appended to the inbox alone (pendingEffects)
// get what they cause (request, timeline, outbox rows) here, one transaction per delivery. The claim
// (pendingEffects true → false) is in that transaction, so two relays racing, or a relay killed
// half-way, still derive each delivery exactly once. Which topic causes what is the domains' business:
// the composition root hands in one deriver per topic.
import type { Db } from "../db.server";
import type { OutboxMessage } from "../jobs/outbox.server";
import type { InboxTx } from "./inbox.server";

export interface PendingDelivery {
  id: string;
  shop: string;
  topic: string;
  triggeredAt: Date | null;
  receivedAt: Date;
  sealedPayload: string | null;
}

export type DeliveryDeriver = (tx: InboxTx, delivery: PendingDelivery) => Promise<OutboxMessage | null>;

/** Derives up to `limit` pending deliveries, oldest first; returns the outbox rows they queued. */
export async function derivePendingDeliveries({ db, derivers, limit = 100 }: { db: Db; derivers: Readonly<Record<string, DeliveryDeriver>>; limit?: number }) {
  const pending = await db.webhookDelivery.findMany({
    where: { pendingEffects: true, topic: { in: Object.keys(derivers) } },
    orderBy: { receivedAt: "asc" },
    take: limit,
    select: { id: true, shop: true, topic: true, triggeredAt: true, receivedAt: true, sealedPayload: true },
  });
  const queued: OutboxMessage[] = [];
  for (const delivery of pending) {
    const outbox = await db.$transaction(async (tx) => {
      const claimed = await tx.webhookDelivery.updateMany({ where: { id: delivery.id, pendingEffects: true }, data: { pendingEffects: false } });
      return claimed.count === 1 ? derivers[delivery.topic]!(tx, delivery) : null;
    });
    if (outbox) queued.push(outbox);
  }
  return { derived: pending.length, queued };
}
