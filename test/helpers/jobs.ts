// Real workers and a real relay for end-to-end tests, stopped after each test.
import { afterEach, expect } from "vitest";
import type { Job } from "bullmq";
import type { Logger } from "pino";
import type { z } from "zod";
import { appServices, deriveAppendedDeliveries, JOB_HANDLERS, servicesForJob, type AppServices } from "../../app/composition.server";
import { config } from "../../app/config.server";
import { db } from "../../app/db.server";
import { QUEUE_NAMES, type JobType, type QueueName } from "../../app/jobs/job-definition.server";
import { relayOutbox, startOutboxRelay } from "../../app/jobs/outbox.server";
import { queues } from "../../app/jobs/queues.server";
import { retryDelayMs } from "../../app/jobs/retry-delay.server";
import { startWorkers, type AnyJobHandler } from "../../app/jobs/workers.server";
import { log as appLog } from "../../app/log.server";

const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** Runs `stop` after the test; the function returned runs it earlier instead. */
function stopAfterTest(stop: () => Promise<void>): () => Promise<void> {
  stops.push(stop);
  return async () => {
    const index = stops.indexOf(stop);
    if (index < 0) return;
    stops.splice(index, 1);
    await stop();
  };
}

/** Workers for the given jobs (default: every job), with the process's services. Stopped after the test, or by the function returned. */
export function startTestWorkers({ jobs = JOB_HANDLERS, log = appLog, concurrency = 4 }: { jobs?: readonly AnyJobHandler<AppServices>[]; log?: Logger; concurrency?: number } = {}) {
  const settings = config();
  const workers = startWorkers({ redisUrl: settings.REDIS_URL, prefix: settings.REDIS_PREFIX, jobs, services: appServices(), scope: servicesForJob, db: db(), log, concurrency });
  return stopAfterTest(() => workers.close(5_000));
}

/**
 * Workers for every queue plus the outbox relay, as worker.ts runs them. Stopped after the test, or by
 * the function returned (e.g. before writing fixtures that no job may pick up).
 */
export function startJobProcessing({ log = appLog }: { log?: Logger } = {}) {
  const stopWorkers = startTestWorkers({ log });
  const relay = startOutboxRelay({ db: db(), queues: queues(), log, intervalMs: 100, beforeRound: deriveAppendedDeliveries(db()) });
  const stopRelay = stopAfterTest(() => relay.stop());
  return async () => {
    await stopRelay();
    await stopWorkers();
  };
}

export const relayOnce = (now?: Date) => relayOutbox({ db: db(), queues: queues(), log: appLog, now });

/** Runs one job's handler in this process, as a worker would on the given attempt. */
export function runJobHandler<Schema extends z.ZodType>(type: JobType<Schema>, payload: z.input<Schema>, run: { attempt: number; maxAttempts: number }) {
  const handler = JOB_HANDLERS.find((candidate) => candidate.type === type);
  if (!handler) throw new Error(`no handler for ${type.name}`);
  const parsed = type.payload.parse(payload);
  return handler.handle(parsed, servicesForJob(appServices(), parsed), { log: appLog, ...run, retryDelayMs: retryDelayMs({ ...type.options, attempts: run.maxAttempts }, run.attempt) });
}

/**
 * Waits for a job's result by reading its state; a failed job fails the wait with its reason. (A
 * QueueEvents stream opened after the job was added misses a finish that lands before its first read,
 * which happens when the machine is busy.)
 */
export async function jobResult(job: Job, queueName: QueueName, { timeout = 20_000 } = {}): Promise<unknown> {
  await expect
    .poll(
      async () => {
        const state = await job.getState();
        if (state === "failed") throw new Error(`job ${job.name} failed: ${(await (await queues().get(queueName)).getJob(job.id!))?.failedReason}`);
        return state;
      },
      { timeout, interval: 50 },
    )
    .toBe("completed");
  return (await (await queues().get(queueName)).getJob(job.id!))?.returnvalue;
}

/** Jobs waiting, running, or delayed by less than a minute (long-delayed jobs are not "pending work"). */
async function pendingJobs(): Promise<number> {
  let pending = 0;
  for (const name of QUEUE_NAMES) {
    const queue = await queues().get(name);
    const counts = await queue.getJobCounts("waiting", "active", "prioritized");
    pending += Object.values(counts).reduce((a, b) => a + b, 0);
    const soon = Date.now() + 60_000;
    pending += (await queue.getJobs(["delayed"])).filter((job) => job.timestamp + (job.opts.delay ?? 0) < soon).length;
  }
  return pending;
}

/**
 * Resolves once every appended delivery is derived, the outbox is relayed and no job is pending (e.g.
 * the compaction after an erasure ran).
 */
export async function allJobsDone() {
  const underived = () => db().webhookDelivery.count({ where: { pendingEffects: true } });
  const unrelayed = () => db().outboxMessage.count({ where: { relayedAt: null, deadAt: null, availableAt: { lte: new Date() } } });
  await expect
    .poll(async () => (await underived()) + (await unrelayed()) + (await pendingJobs()), {
      timeout: 20_000,
      interval: 100,
    })
    .toBe(0);
}
