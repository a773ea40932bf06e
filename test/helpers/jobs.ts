// Real workers and a real relay for end-to-end tests, stopped after each test.
import { afterEach, expect } from "vitest";
import type { Logger } from "pino";
import { config } from "../../app/config.server";
import { db } from "../../app/db.server";
import { QUEUE_NAMES } from "../../app/jobs/job-definition.server";
import { relayOutbox, startOutboxRelay } from "../../app/jobs/outbox.server";
import { queues } from "../../app/jobs/queues.server";
import { JOBS } from "../../app/jobs/registry.server";
import { startWorkers } from "../../app/jobs/workers.server";
import { log as appLog } from "../../app/log.server";

const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** Workers for every queue plus the outbox relay, as worker.ts runs them. */
export function startJobProcessing({ log = appLog }: { log?: Logger } = {}) {
  const settings = config();
  const workers = startWorkers({ redisUrl: settings.REDIS_URL, prefix: settings.REDIS_PREFIX, jobs: JOBS, db: db(), queues: queues(), log, concurrency: 4 });
  const relay = startOutboxRelay({ db: db(), queues: queues(), jobs: JOBS, log, intervalMs: 100 });
  stops.push(async () => {
    await relay.stop();
    await workers.close(5_000);
  });
}

export const relayOnce = (now?: Date) => relayOutbox({ db: db(), queues: queues(), jobs: JOBS, log: appLog, now });

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

/** Resolves once the outbox is relayed and no job is pending (e.g. the compaction after an erasure ran). */
export async function allJobsDone() {
  await expect
    .poll(async () => (await db().outboxMessage.count({ where: { relayedAt: null, availableAt: { lte: new Date() } } })) + (await pendingJobs()), {
      timeout: 20_000,
      interval: 100,
    })
    .toBe(0);
}
