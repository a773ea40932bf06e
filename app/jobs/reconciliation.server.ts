// Redis is the queues' only copy of a job once the relay has moved an outbox row into it. When Redis
// loses data (a restart without persistence, a failover to a lagging replica, an eviction), a job
// can vanish after its row was marked relayed. The sweep finds rows relayed a while ago whose job
// never finished and is no longer in Redis, and queues them again under the same job id; what it
// cannot repair stays visible as stuck work on the admin Home.
import type { Db } from "../db.server";
import { defineJobHandler, defineMaintenanceJobType, type QueueName } from "./job-definition.server";
import { enqueueNow } from "./outbox.server";
import type { Queues } from "./queues.server";

/** A relayed job older than this without a finish is looked for in Redis. */
export const RECONCILE_AFTER_MS = 10 * 60_000;
/** Work still unfinished this long after it was queued is shown to the merchant as stuck. */
export const STUCK_AFTER_MS = 60 * 60_000;
/** Finished outbox rows are kept this long, then deleted. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;
const BATCH = 500;

export async function reconcileOutbox({ db, queues, now = new Date() }: { db: Db; queues: Queues; now?: Date }) {
  let requeued = 0;
  let finished = 0;
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.outboxMessage.findMany({
      where: { relayedAt: { lt: new Date(now.getTime() - RECONCILE_AFTER_MS) }, finishedAt: null, deadAt: null, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      const job = await (await queues.get(row.queue as QueueName)).getJob(row.id);
      if (!job) {
        await enqueueNow({ queues, messages: [row] });
        requeued++;
      } else if (job.finishedOn) {
        // Ran to its end, but the worker could not record it.
        await db.outboxMessage.update({ where: { id: row.id }, data: { finishedAt: new Date(job.finishedOn) } });
        finished++;
      }
    }
    if (rows.length < BATCH) break;
    cursor = rows.at(-1)!.id;
  }
  const { count: compacted } = await db.outboxMessage.deleteMany({ where: { finishedAt: { lt: new Date(now.getTime() - KEEP_FINISHED_MS) } } });
  return { requeued, finished, compacted };
}

/** Queued work of a shop that has not finished long after it was queued, and work set aside. */
export async function countStuckWork({ db, shop, now = new Date() }: { db: Db; shop: string; now?: Date }) {
  const [stuck, deadLettered] = await Promise.all([
    db.outboxMessage.count({ where: { shop, finishedAt: null, deadAt: null, availableAt: { lt: new Date(now.getTime() - STUCK_AFTER_MS) } } }),
    db.outboxMessage.count({ where: { shop, deadAt: { not: null } } }),
  ]);
  return { stuck, deadLettered };
}

export const reconcileOutboxJob = defineMaintenanceJobType("jobs.reconcile-outbox", { attempts: 1 });

export const reconcileOutboxHandler = defineJobHandler(reconcileOutboxJob, (_payload, { db, queues }: { db: Db; queues: Queues }) =>
  reconcileOutbox({ db, queues }),
);

export const RECONCILE_EVERY_MS = 60_000;
