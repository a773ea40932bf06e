// The transactional outbox. Code that needs a job writes an outbox row in the same database
// transaction as the change that needs it; the relay later adds the job to BullMQ with the row's id
// as job id. A job is therefore never lost (Redis down, process killed) and never added twice.
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db.server";
import { newId } from "../ids.server";
import type { JobDefinition } from "./job-definition.server";
import type { Queues } from "./queues.server";

type Tx = Pick<Db, "outboxMessage">;

export async function addToOutbox<Schema extends z.ZodType>(
  db: Tx,
  { shop, job, payload, availableAt }: { shop: string; job: JobDefinition<Schema>; payload: z.input<Schema>; availableAt?: Date },
) {
  return db.outboxMessage.create({
    data: {
      id: newId(),
      shop,
      queue: job.queue,
      job: job.name,
      payload: JSON.stringify(job.payload.parse(payload)),
      ...(availableAt ? { availableAt } : {}),
    },
  });
}

type OutboxMessage = Awaited<ReturnType<typeof addToOutbox>>;

/** Adds one outbox message to its queue, with the message id as job id (a repeat is a no-op). */
async function addToQueue(queues: Queues, jobs: readonly JobDefinition[], message: Pick<OutboxMessage, "id" | "queue" | "job" | "payload">) {
  const definition = jobs.find((job) => job.queue === message.queue && job.name === message.job);
  if (!definition) throw new Error(`unknown job ${message.queue}/${message.job}`);
  try {
    const queue = await queues.get(definition.queue);
    await queue.add(definition.name, JSON.parse(message.payload), { ...definition.options, jobId: message.id });
  } catch (error) {
    queues.discard(definition.queue);
    throw error;
  }
}

/**
 * Enqueues messages a request just committed, without touching the database: the relay marks them
 * relayed on its next round (adding them again is a no-op). Keeps the webhook path to one write.
 */
export async function enqueueNow({ queues, jobs, messages }: { queues: Queues; jobs: readonly JobDefinition[]; messages: Pick<OutboxMessage, "id" | "queue" | "job" | "payload">[] }) {
  for (const message of messages) await addToQueue(queues, jobs, message);
}

export interface RelayResult {
  relayed: number;
  failed: number;
}

/**
 * Moves due outbox rows into their queues, oldest first. Safe to run from several processes at
 * once: BullMQ ignores a job id it already has. Stops at the first failure to reach Redis (the rest
 * would fail the same way) and leaves the rows for the next round.
 */
export async function relayOutbox({
  db,
  queues,
  jobs,
  log,
  ids,
  batchSize = 100,
  now = new Date(),
}: {
  db: Db;
  queues: Queues;
  /** Every job the relay may enqueue (app/jobs/registry.server.ts). */
  jobs: readonly JobDefinition[];
  log: Logger;
  ids?: string[];
  batchSize?: number;
  now?: Date;
}): Promise<RelayResult> {
  const due = await db.outboxMessage.findMany({
    where: { relayedAt: null, availableAt: { lte: now }, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: { createdAt: "asc" },
    take: batchSize,
  });
  const result: RelayResult = { relayed: 0, failed: 0 };
  for (const message of due) {
    try {
      await addToQueue(queues, jobs, message);
      await db.outboxMessage.update({ where: { id: message.id }, data: { relayedAt: new Date(), attempts: { increment: 1 } } });
      result.relayed++;
    } catch (error) {
      result.failed++;
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { attempts: { increment: 1 }, lastError: (error as Error).message.slice(0, 500) },
      });
      log.warn({ outboxId: message.id, queue: message.queue, job: message.job, err: error }, "outbox relay failed; will retry");
      break;
    }
  }
  return result;
}

/** Runs the relay every `intervalMs` until stopped; a round that relayed a full batch goes again at once. */
export function startOutboxRelay(options: { db: Db; queues: Queues; jobs: readonly JobDefinition[]; log: Logger; intervalMs?: number }) {
  const { intervalMs = 1_000 } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      const { relayed } = await relayOutbox(options);
      if (!stopped) timer = setTimeout(tick, relayed >= 100 ? 0 : intervalMs);
    } catch (error) {
      options.log.error({ err: error }, "outbox relay round failed");
      if (!stopped) timer = setTimeout(tick, intervalMs);
    }
  };
  const tick = () => {
    running = round();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
