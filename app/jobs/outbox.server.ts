// The transactional outbox. Code that needs a job writes an outbox row in the same database
// transaction as the change that needs it; the relay later adds the job to BullMQ with the row's id
// as job id. A job is therefore never lost (Redis down, process killed) and never added twice.
// A row carries everything the relay needs (queue, name, payload, options), so the relay knows no
// job code: a row that names a job this version does not run is still queued, for a worker that does.
import type { JobsOptions } from "bullmq";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db.server";
import { newId } from "../ids.server";
import { shortReason } from "./failure-reason.server";
import { DEFAULT_JOB_OPTIONS, type JobType } from "./job-definition.server";
import type { Queues } from "./queues.server";
import { RedisUnavailableError } from "./redis.server";

type Tx = Pick<Db, "outboxMessage">;

export async function addToOutbox<Schema extends z.ZodType>(
  db: Tx,
  {
    shop,
    job,
    payload,
    availableAt,
    options,
  }: {
    shop: string;
    job: JobType<Schema>;
    payload: z.input<Schema>;
    availableAt?: Date;
    /** Per-message additions to the job type's options (a deduplication id, a delay). */
    options?: JobsOptions;
  },
) {
  return db.outboxMessage.create({
    data: {
      id: newId(),
      shop,
      queue: job.queue,
      job: job.name,
      payload: JSON.stringify(job.payload.parse(payload)),
      options: JSON.stringify({ ...job.options, ...options }),
      ...(availableAt ? { availableAt } : {}),
    },
  });
}

export type OutboxMessage = Awaited<ReturnType<typeof addToOutbox>>;
type Relayable = Pick<OutboxMessage, "id" | "queue" | "job" | "payload" | "options">;

/** A row that fails to be queued this many times is set aside (dead-lettered) for an operator. */
export const MAX_RELAY_ATTEMPTS = 10;
const relayBackoffMs = (attempts: number) => Math.min(1_000 * 2 ** attempts, 15 * 60_000);

/** Adds one outbox message to its queue, with the message id as job id (a repeat is a no-op). */
async function addToQueue(queues: Queues, message: Relayable) {
  const queueName = message.queue as JobType["queue"];
  const queue = await queues.get(queueName);
  const options = { ...DEFAULT_JOB_OPTIONS, ...(JSON.parse(message.options) as JobsOptions) };
  try {
    await queue.add(message.job, JSON.parse(message.payload), { ...options, jobId: message.id });
  } catch (error) {
    // BullMQ keeps a producer that failed to start failed: start afresh next time.
    queues.discard(queueName);
    if (queues.connection.status !== "ready" || (error as Error).name === "MaxRetriesPerRequestError") {
      throw new RedisUnavailableError(`Redis is not reachable (connection ${queues.connection.status})`);
    }
    throw error;
  }
}

/**
 * Enqueues messages a request just committed, without touching the database: the relay marks them
 * relayed on its next round (adding them again is a no-op). Keeps the request path to one write.
 */
export async function enqueueNow({ queues, messages }: { queues: Queues; messages: Relayable[] }) {
  for (const message of messages) await addToQueue(queues, message);
}

export interface RelayResult {
  relayed: number;
  failed: number;
  deadLettered: number;
}

/**
 * Moves due outbox rows into their queues, oldest first. Safe to run from several processes at
 * once: BullMQ ignores a job id it already has. When Redis is away it stops (the rest would fail the
 * same way) and leaves the rows as they are. Any other failure is the row's own: it is retried later
 * with backoff, set aside after MAX_RELAY_ATTEMPTS, and never holds up the rows behind it.
 */
export async function relayOutbox({
  db,
  queues,
  log,
  ids,
  batchSize = 100,
  now = new Date(),
}: {
  db: Db;
  queues: Queues;
  log: Logger;
  ids?: string[];
  batchSize?: number;
  now?: Date;
}): Promise<RelayResult> {
  const due = await db.outboxMessage.findMany({
    where: { relayedAt: null, deadAt: null, availableAt: { lte: now }, ...(ids ? { id: { in: ids } } : {}) },
    orderBy: { createdAt: "asc" },
    take: batchSize,
  });
  const result: RelayResult = { relayed: 0, failed: 0, deadLettered: 0 };
  // updateMany throughout: a shop erased meanwhile deletes its rows, and a row that is gone is done.
  const mark = (id: string, data: Parameters<Db["outboxMessage"]["updateMany"]>[0]["data"]) => db.outboxMessage.updateMany({ where: { id }, data });
  for (const message of due) {
    try {
      await addToQueue(queues, message);
      await mark(message.id, { relayedAt: new Date(), attempts: { increment: 1 } });
      result.relayed++;
    } catch (error) {
      result.failed++;
      if (error instanceof RedisUnavailableError) {
        // Not the row's fault: no backoff, no count towards setting it aside.
        await mark(message.id, { lastError: error.message });
        log.warn({ outboxId: message.id, reason: error.message }, "outbox relay paused: Redis is not reachable");
        break;
      }
      const attempts = message.attempts + 1;
      const dead = attempts >= MAX_RELAY_ATTEMPTS;
      const reason = shortReason(error);
      await mark(message.id, { attempts, lastError: reason, availableAt: new Date(now.getTime() + relayBackoffMs(attempts)), ...(dead ? { deadAt: now } : {}) });
      const fields = { outboxId: message.id, queue: message.queue, job: message.job, attempts, reason };
      log.debug({ outboxId: message.id, err: error }, "outbox relay failure in full");
      if (dead) {
        result.deadLettered++;
        log.error(fields, "outbox message could not be queued and was set aside: retry it from the admin once fixed");
      } else {
        log.warn(fields, "outbox message could not be queued; will retry");
      }
    }
  }
  return result;
}

/** A set-aside message goes back to the relay (staff action after the cause was fixed). */
export async function retryDeadLetter({ db, shop, id, now = new Date() }: { db: Db; shop: string; id: string; now?: Date }) {
  const { count } = await db.outboxMessage.updateMany({
    where: { id, shop, deadAt: { not: null } },
    data: { deadAt: null, attempts: 0, lastError: null, availableAt: now },
  });
  return count === 1;
}

/** The job of this outbox row ran to its end (completed, or failed for good): nothing to reconcile. */
export async function markOutboxFinished({ db, id, now = new Date() }: { db: Db; id: string; now?: Date }) {
  await db.outboxMessage.updateMany({ where: { id, finishedAt: null }, data: { finishedAt: now } });
}

/** Runs the relay every `intervalMs` until stopped; a round that relayed a full batch goes again at once. */
export function startOutboxRelay(options: {
  db: Db;
  queues: Queues;
  log: Logger;
  intervalMs?: number;
  /** Runs before each round, e.g. deriving outbox rows from webhook deliveries appended alone. */
  beforeRound?: () => Promise<unknown>;
}) {
  const { intervalMs = 1_000 } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    try {
      await options.beforeRound?.();
      const { relayed } = await relayOutbox(options);
      if (!stopped) timer = setTimeout(tick, relayed >= 100 ? 0 : intervalMs);
    } catch (error) {
      options.log.error({ reason: shortReason(error) }, "outbox relay round failed");
      options.log.debug({ err: error }, "outbox relay round failure in full");
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
