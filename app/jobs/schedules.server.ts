// Recurring jobs through BullMQ job schedulers. Upserting a scheduler is idempotent, so every worker
// asserts them at start and again every few minutes: a worker that started while Redis was down, or
// a Redis that lost its data, gets its schedules back without a restart.
import type { Logger } from "pino";
import type { JobType } from "./job-definition.server";
import type { Queues } from "./queues.server";

export const REASSERT_SCHEDULES_EVERY_MS = 5 * 60_000;

export async function assertSchedules({ queues, schedules, log }: { queues: Queues; schedules: readonly { job: JobType; everyMs: number }[]; log: Logger }) {
  let asserted = 0;
  for (const { job, everyMs } of schedules) {
    try {
      const queue = await queues.get(job.queue);
      await queue.upsertJobScheduler(job.name, { every: everyMs }, { name: job.name, data: {}, opts: job.options });
      asserted++;
    } catch (error) {
      log.warn({ err: error, job: job.name }, "could not schedule; will try again");
    }
  }
  await removeRetiredSchedules({ queues, schedules, log });
  return asserted;
}

/**
 * A recurring job that left the list (replaced by another) must stop firing in deployments that
 * scheduled it: nothing would handle it. Schedulers are only ever created from the list.
 */
async function removeRetiredSchedules({ queues, schedules, log }: { queues: Queues; schedules: readonly { job: JobType }[]; log: Logger }) {
  const current = new Set(schedules.map(({ job }) => job.name));
  for (const name of new Set(schedules.map(({ job }) => job.queue))) {
    try {
      const queue = await queues.get(name);
      for (const scheduler of await queue.getJobSchedulers(0, -1)) {
        if (!current.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
      }
    } catch (error) {
      log.warn({ err: error, queue: name }, "could not remove retired schedules; will try again");
    }
  }
}

/** Asserts the schedules now and every `intervalMs` until stopped. */
export function keepSchedules(options: Parameters<typeof assertSchedules>[0] & { intervalMs?: number }) {
  const run = () => void assertSchedules(options);
  run();
  const timer = setInterval(run, options.intervalMs ?? REASSERT_SCHEDULES_EVERY_MS);
  return { stop: () => clearInterval(timer) };
}
