// Every job the workers know how to run. A job name is unique within its queue.
import { purgeExpiredSessionsJob } from "./handlers/purge-expired-sessions.server";
import { rotateShopKeyJob } from "./handlers/rotate-shop-key.server";
import type { JobDefinition, QueueName } from "./job-definition.server";

export const JOBS: readonly JobDefinition[] = [purgeExpiredSessionsJob, rotateShopKeyJob];

export const QUEUE_NAMES: readonly QueueName[] = [...new Set(JOBS.map((job) => job.queue))];
