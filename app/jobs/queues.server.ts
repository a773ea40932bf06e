// Producers: one fail-fast Redis connection shared by every queue of the process. A web request that
// enqueues gets an error within about a second when Redis is down, never a hang.
import { Queue } from "bullmq";
import type { z } from "zod";
import { config } from "../config.server";
import type { JobType, QueueName } from "./job-definition.server";
import { clusterSafeQueueName, createRedis, whenRedisReady, type RedisConnection } from "./redis.server";

export interface Queues {
  connection: RedisConnection;
  /** The producer for a queue, once Redis is reachable. */
  get(queue: QueueName): Promise<Queue>;
  /** Forgets a producer whose connection set-up failed; the next get() builds a fresh one. */
  discard(queue: QueueName): void;
  close(): Promise<void>;
}

export function createQueues({ redisUrl, prefix }: { redisUrl: string; prefix: string }): Queues {
  const connection = createRedis(redisUrl, "producer");
  // Failures surface on the call that caused them; the event only needs a listener.
  connection.on("error", () => {});
  const open = new Map<QueueName, Queue>();
  return {
    connection,
    async get(queue) {
      await whenRedisReady(connection);
      let instance = open.get(queue);
      if (!instance) {
        instance = new Queue(clusterSafeQueueName(queue), { connection, prefix, skipWaitingForReady: true });
        instance.on("error", () => {});
        open.set(queue, instance);
      }
      return instance;
    },
    discard(queue) {
      // BullMQ initialises a producer once; after a failed start it stays failed, so drop it.
      void open.get(queue)?.close().catch(() => {});
      open.delete(queue);
    },
    async close() {
      await Promise.all([...open.values()].map((queue) => queue.close()));
      open.clear();
      connection.disconnect();
    },
  };
}

/** Validates the payload against the job's schema before it ever reaches Redis. */
export async function enqueue<Schema extends z.ZodType>(
  queues: Queues,
  job: JobType<Schema>,
  payload: z.input<Schema>,
  options: { jobId?: string; delay?: number } = {},
) {
  const data = job.payload.parse(payload);
  const queue = await queues.get(job.queue);
  try {
    return await queue.add(job.name, data, { ...job.options, ...options });
  } catch (error) {
    queues.discard(job.queue);
    throw error;
  }
}

const globalForQueues = globalThis as unknown as { consentVaultQueues?: Queues };

export function queues(): Queues {
  const settings = config();
  globalForQueues.consentVaultQueues ??= createQueues({ redisUrl: settings.REDIS_URL, prefix: settings.REDIS_PREFIX });
  return globalForQueues.consentVaultQueues;
}
