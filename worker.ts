// The worker process: runs every queue's jobs and relays the outbox into the queues. Scale it
// independently of the web process; every instance takes jobs from the same Redis queues.
import "./scripts/lib/load-env.mjs";
import { config } from "./app/config.server";
import { db } from "./app/db.server";
import { PURGE_EXPIRED_EXPORTS_EVERY_MS, purgeExpiredExportsJob } from "./app/jobs/handlers/purge-expired-exports.server";
import { PURGE_EXPIRED_SESSIONS_EVERY_MS, purgeExpiredSessionsJob } from "./app/jobs/handlers/purge-expired-sessions.server";
import type { JobDefinition } from "./app/jobs/job-definition.server";
import { startOutboxRelay } from "./app/jobs/outbox.server";
import { queues } from "./app/jobs/queues.server";
import { JOBS } from "./app/jobs/registry.server";
import { startWorkers } from "./app/jobs/workers.server";
import { log, routeConsoleThroughLog } from "./app/log.server";
import { encryptPlaintextSessions } from "./app/sessions/encrypted-session-storage.server";
import { vault } from "./app/vault/vault.server";

routeConsoleThroughLog();

const settings = config();
log.info({ sessions: await encryptPlaintextSessions({ db: db(), keys: vault() }) }, "plaintext session tokens encrypted");
const running = startWorkers({
  redisUrl: settings.REDIS_URL,
  prefix: settings.REDIS_PREFIX,
  jobs: JOBS,
  db: db(),
  queues: queues(),
  log,
  concurrency: settings.WORKER_CONCURRENCY,
  lockDurationMs: settings.JOB_LOCK_MS,
});
const relay = startOutboxRelay({ db: db(), queues: queues(), jobs: JOBS, log });

// Idempotent: every worker instance upserts the same schedulers.
const schedules: [JobDefinition, number][] = [
  [purgeExpiredSessionsJob, PURGE_EXPIRED_SESSIONS_EVERY_MS],
  [purgeExpiredExportsJob, PURGE_EXPIRED_EXPORTS_EVERY_MS],
];
for (const [job, every] of schedules) {
  await queues()
    .get(job.queue)
    .then((queue) => queue.upsertJobScheduler(job.name, { every }, { name: job.name, data: {}, opts: job.options }))
    .catch((error: unknown) => log.warn({ err: error, job: job.name }, "could not schedule; will retry at next start"));
}

log.info({ queues: running.workers.map((worker) => worker.name), concurrency: settings.WORKER_CONCURRENCY }, "worker started");

async function shutdown(signal: string) {
  log.info({ signal }, "worker stopping: finishing active jobs");
  await relay.stop();
  await running.close();
  await queues().close();
  await db().$disconnect();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
