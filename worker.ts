// The worker process: runs every queue's jobs, relays the outbox into the queues and keeps the
// recurring schedules. Scale it independently of the web process; every instance takes jobs from the
// same Redis queues.
import "./scripts/lib/load-env.mjs";
import { assertNoPendingRestore } from "./app/backups/restore-backup.server";
import { appServices, deriveAppendedDeliveries, JOB_HANDLERS, SCHEDULES, servicesForJob } from "./app/composition.server";
import { disconnectDb } from "./app/db.server";
import { config } from "./app/config.server";
import { startOutboxRelay } from "./app/jobs/outbox.server";
import { keepSchedules } from "./app/jobs/schedules.server";
import { startWorkers } from "./app/jobs/workers.server";
import { log, routeConsoleThroughLog } from "./app/log.server";
import { loadPrivacyKeys } from "./app/privacy/privacy-keys.server";
import { encryptPlaintextSessions } from "./app/sessions/encrypted-session-storage.server";

routeConsoleThroughLog();

const settings = config();
const services = appServices();
// A restore that stopped before re-applying erasures must not be served from.
await assertNoPendingRestore(services.vault.journal);
await loadPrivacyKeys(services.vault);
log.info({ sessions: await encryptPlaintextSessions({ db: services.db, keys: services.vault }) }, "plaintext session tokens encrypted");
const running = startWorkers({
  redisUrl: settings.REDIS_URL,
  prefix: settings.REDIS_PREFIX,
  jobs: JOB_HANDLERS,
  services,
  scope: servicesForJob,
  db: services.db,
  log,
  concurrency: settings.WORKER_CONCURRENCY,
  lockDurationMs: settings.JOB_LOCK_MS,
});
const relay = startOutboxRelay({ db: services.db, queues: services.queues, log, beforeRound: deriveAppendedDeliveries(services.db) });
const schedules = keepSchedules({ queues: services.queues, schedules: SCHEDULES, log });

log.info({ queues: running.workers.map((worker) => worker.name), concurrency: settings.WORKER_CONCURRENCY }, "worker started");

async function shutdown(signal: string) {
  log.info({ signal }, "worker stopping: finishing active jobs");
  schedules.stop();
  await relay.stop();
  await running.close();
  await services.queues.close();
  await disconnectDb();
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));
