// A job is a type (queue, ids-only payload schema, retry policy) that producers use to queue it, plus
// a handler that calls one domain function. Types and handlers live with their domain; producers
// import only the type, so queuing a job never pulls in the code that runs it. Payloads are validated
// when queued and again when processed.
import type { JobsOptions } from "bullmq";
import type { Logger } from "pino";
import { z } from "zod";

export const QUEUE_NAMES = ["maintenance", "privacy", "vault", "sync", "personalization", "personalization-batch", "trackers"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** What a producer needs to queue a job. */
export interface JobType<Schema extends z.ZodType = z.ZodType> {
  queue: QueueName;
  name: string;
  payload: Schema;
  options: JobsOptions;
}

export function defineJobType<Schema extends z.ZodType>(type: JobType<Schema>): JobType<Schema> {
  return type;
}

/** About the current run of a job, as opposed to the services every handler shares. */
export interface JobRun {
  log: Logger;
  /** 1 on the first try. */
  attempt: number;
  /** The job's attempts budget: when attempt reaches it, this is the last try. */
  maxAttempts: number;
  /** How long after a failure of this attempt the next one starts; null when this is the last. */
  retryDelayMs: number | null;
}

/**
 * A job type with the code that runs it. `Services` is what the handler needs (db, vault, …); the
 * composition root hands every handler the same services object, which satisfies each of them.
 */
export interface JobHandler<Schema extends z.ZodType = z.ZodType, Services = never> {
  type: JobType<Schema>;
  // A property, not a method: the composition root's services must then really satisfy `Services`.
  handle: (payload: z.infer<Schema>, services: Services, run: JobRun) => Promise<unknown>;
}

export function defineJobHandler<Schema extends z.ZodType, Services>(
  type: JobType<Schema>,
  handle: JobHandler<Schema, Services>["handle"],
): JobHandler<Schema, Services> {
  return { type, handle };
}

/**
 * A recurring housekeeping job: no payload, on the maintenance queue, a few tries (the next scheduled
 * run tries again anyway).
 */
export function defineMaintenanceJobType(name: string, { attempts = 3 }: { attempts?: number } = {}) {
  return defineJobType({ queue: "maintenance", name, payload: emptyPayload, options: { ...DEFAULT_JOB_OPTIONS, attempts } });
}

const emptyPayload = z.object({}).strict();

/** Defaults every job starts from: retried with backoff, kept long enough to inspect. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
