// Consumers: one BullMQ Worker per queue, dispatching by job name to the job's handler.
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Db } from "../db.server";
import type { Queues } from "./queues.server";
import type { JobDefinition, QueueName } from "./job-definition.server";
import { clusterSafeQueueName, createRedis } from "./redis.server";

export interface Workers {
  workers: Worker[];
  /** Stops taking jobs and waits for active ones; after `graceMs` they are abandoned to be retried. */
  close(graceMs?: number): Promise<void>;
}

export function startWorkers(options: {
  redisUrl: string;
  prefix: string;
  jobs: readonly JobDefinition[];
  db: Db;
  queues: Queues;
  log: Logger;
  concurrency: number;
  /** How long a job's lock lasts before another worker may take it over as stalled. */
  lockDurationMs?: number;
}): Workers {
  const { jobs, db, queues, log } = options;
  const byQueue = new Map<QueueName, Map<string, JobDefinition>>();
  for (const job of jobs) {
    const named = byQueue.get(job.queue) ?? new Map<string, JobDefinition>();
    named.set(job.name, job);
    byQueue.set(job.queue, named);
  }

  const connections: Redis[] = [];
  const workers = [...byQueue].map(([queue, named]) => {
    const connection = createRedis(options.redisUrl, "worker");
    connections.push(connection);
    const worker = new Worker(
      clusterSafeQueueName(queue),
      async (job: Job) => {
        const definition = named.get(job.name);
        if (!definition) throw new UnrecoverableError(`No handler for job "${job.name}" on queue "${queue}"`);
        const parsed = definition.payload.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`Invalid payload for "${job.name}": ${parsed.error.message}`);
        const attempt = job.attemptsMade + 1;
        const jobLog = log.child({ queue, job: job.name, jobId: job.id, attempt });
        return definition.handle(parsed.data, { db, queues, log: jobLog, attempt, maxAttempts: job.opts.attempts ?? 1 });
      },
      {
        connection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs, stalledInterval: options.lockDurationMs } : {}),
      },
    );
    worker.on("failed", (job, error) =>
      log.warn({ queue, job: job?.name, jobId: job?.id, attempts: job?.attemptsMade, err: error }, "job failed"),
    );
    worker.on("error", (error) => log.error({ queue, err: error }, "worker error"));
    return worker;
  });

  return {
    workers,
    async close(graceMs = 25_000) {
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
