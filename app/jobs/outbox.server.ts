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
    const definition = jobs.find((job) => job.queue === message.queue && job.name === message.job);
    try {
      if (!definition) throw new Error(`unknown job ${message.queue}/${message.job}`);
      const queue = await queues.get(definition.queue);
      await queue.add(definition.name, JSON.parse(message.payload), { ...definition.options, jobId: message.id });
      await db.outboxMessage.update({ where: { id: message.id }, data: { relayedAt: new Date(), attempts: { increment: 1 } } });
      result.relayed++;
    } catch (error) {
      result.failed++;
      if (definition) queues.discard(definition.queue);
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
