// The worker process: runs every queue's jobs. Scale it independently of the web process; each
// instance takes jobs from the same Redis queues.
import "./scripts/lib/load-env.mjs";
import { config } from "./app/config.server";
import { db } from "./app/db.server";
import { PURGE_EXPIRED_SESSIONS_EVERY_MS, purgeExpiredSessionsJob } from "./app/jobs/handlers/purge-expired-sessions.server";
import { queues } from "./app/jobs/queues.server";
import { JOBS } from "./app/jobs/registry.server";
import { startWorkers } from "./app/jobs/workers.server";
import { log } from "./app/log.server";

const settings = config();
const running = startWorkers({
  redisUrl: settings.REDIS_URL,
  prefix: settings.REDIS_PREFIX,
  jobs: JOBS,
  db: db(),
  log,
  concurrency: settings.WORKER_CONCURRENCY,
});

// Idempotent: every worker instance upserts the same scheduler.
await queues()
  .get(purgeExpiredSessionsJob.queue)
  .then((queue) => queue.upsertJobScheduler(
    purgeExpiredSessionsJob.name,
    { every: PURGE_EXPIRED_SESSIONS_EVERY_MS },
    { name: purgeExpiredSessionsJob.name, data: {}, opts: purgeExpiredSessionsJob.options },
  ))
  .catch((error: unknown) => log.warn({ err: error }, "could not schedule session purge; will retry at next start"));

log.info({ queues: running.workers.map((worker) => worker.name), concurrency: settings.WORKER_CONCURRENCY }, "worker started");

async function shutdown(signal: string) {
  log.info({ signal }, "worker stopping: finishing active jobs");
  await running.close();
  await queues().close();
  await db().$disconnect();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
