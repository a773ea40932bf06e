// Consumers: one BullMQ Worker per queue, dispatching by job name to the job's handler with the
// services the composition root built. When a job that came from the outbox finishes (completed, or
// failed for good), its outbox row is marked finished, so the reconciliation sweep can tell a job that
// Redis lost from one that ran.
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Logger } from "pino";
import type { Db } from "../db.server";
import type { JobHandler, QueueName } from "./job-definition.server";
import { shortReason } from "./failure-reason.server";
import { markOutboxFinished } from "./outbox.server";
import { retryDelayMs } from "./retry-delay.server";
import { clusterSafeQueueName, createRedis, type RedisConnection } from "./redis.server";

export interface Workers {
  workers: Worker[];
  /** Stops taking jobs and waits for active ones; after `graceMs` they are abandoned to be retried. */
  close(graceMs?: number): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler narrows its own payload
export type AnyJobHandler<Services> = JobHandler<any, Services>;

export function startWorkers<Services>(options: {
  redisUrl: string;
  prefix: string;
  jobs: readonly AnyJobHandler<Services>[];
  services: Services;
  /** The services one job runs with, from its payload (e.g. database access scoped to its shop). */
  scope?: (services: Services, payload: unknown) => Services;
  db: Db;
  log: Logger;
  concurrency: number;
  /** How long a job's lock lasts before another worker may take it over as stalled. */
  lockDurationMs?: number;
}): Workers {
  const { jobs, services, db, log } = options;
  const byQueue = new Map<QueueName, Map<string, AnyJobHandler<Services>>>();
  for (const job of jobs) {
    const named = byQueue.get(job.type.queue) ?? new Map<string, AnyJobHandler<Services>>();
    named.set(job.type.name, job);
    byQueue.set(job.type.queue, named);
  }

  // Awaited inside the job, so a closing worker waits for it; when it fails, the sweep finds the
  // finished job in Redis and marks the row itself.
  const finished = (job: Job) =>
    markOutboxFinished({ db, id: job.id! }).catch((error: unknown) => log.warn({ jobId: job.id, err: error }, "could not mark the outbox row finished"));

  const connections: RedisConnection[] = [];
  let closing = false;
  const workers = [...byQueue].map(([queue, named]) => {
    const connection = createRedis(options.redisUrl, "worker");
    connections.push(connection);
    const worker = new Worker(
      clusterSafeQueueName(queue),
      async (job: Job) => {
        const handler = named.get(job.name);
        // Not unrecoverable: during a rolling deploy a newer worker that knows the job takes a later try.
        if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${queue}"`);
        const parsed = handler.type.payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`Invalid payload for "${job.name}": ${parsed.error.message}`);
        const attempt = job.attemptsMade + 1;
        const jobLog = log.child({ queue, job: job.name, jobId: job.id, attempt });
        const maxAttempts = job.opts.attempts ?? 1;
        try {
          const result = await handler.handle(parsed.data, options.scope?.(services, parsed.data) ?? services, { log: jobLog, attempt, maxAttempts, retryDelayMs: retryDelayMs(job.opts, attempt) });
          await finished(job);
          return result;
        } catch (error) {
          if (error instanceof UnrecoverableError || attempt >= maxAttempts) await finished(job);
          throw error;
        }
      },
      {
        connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {}),
      },
    );
    worker.on("failed", (job, error) => {
      // The cause in a few words; the whole error (stack, library source) only for debugging.
      log.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, reason: shortReason(error) }, "job failed");
      log.debug({ queue, jobId: job?.id, err: error }, "job failure in full");
    });
    // Commands still queued when the connections are closed fail with them (a cluster client says
    // "None of startup nodes is available"): expected during shutdown, not an incident.
    worker.on("error", (error) => (closing ? log.debug({ queue, err: error }, "worker error while closing") : log.error({ queue, err: error }, "worker error")));
    return worker;
  });

  return {
    workers,
    async close(graceMs = 25_000) {
      closing = true;
      const graceful = Promise.all(workers.map((worker) => worker.close()));
      const timeout = new Promise<"timeout">((resolve) => setTimeout(resolve, graceMs, "timeout").unref());
      if ((await Promise.race([graceful, timeout])) === "timeout") {
        log.warn({ graceMs }, "active jobs did not finish in time; they will be retried after their lock expires");
        await Promise.all(workers.map((worker) => worker.close(true)));
      }
      // BullMQ leaves connections it was handed open.
      connections.forEach((connection) => connection.disconnect());
    },
  };
}
