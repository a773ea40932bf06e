// A job is a definition (queue, ids-only payload schema, retry policy) plus a handler that calls one
// domain function. Payloads are validated when enqueued and again when processed.
import type { JobsOptions } from "bullmq";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Db } from "../db.server";
import type { Queues } from "./queues.server";

export const QUEUE_NAMES = ["maintenance", "privacy", "vault", "sync"] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface JobContext {
  db: Db;
  log: Logger;
  queues: Queues;
  /** 1 on the first try. */
  attempt: number;
  /** The job's attempts budget: when attempt reaches it, this is the last try. */
  maxAttempts: number;
}

export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  queue: QueueName;
  name: string;
  payload: Schema;
  options: JobsOptions;
  handle(payload: z.infer<Schema>, context: JobContext): Promise<unknown>;
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}

/** Defaults every job starts from: retried with backoff, kept long enough to inspect. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
