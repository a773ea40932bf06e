import { z } from "zod";
import type { Db } from "../db.server";
import { DEFAULT_JOB_OPTIONS, defineJobHandler, defineJobType } from "../jobs/job-definition.server";
import { purgeExpiredSessions } from "./expired-sessions.server";

export const purgeExpiredSessionsJob = defineJobType({
  queue: "maintenance",
  name: "sessions.purge-expired",
  payload: z.object({}).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 3 },
});

/** Runs every six hours from the worker's job scheduler. */
export const PURGE_EXPIRED_SESSIONS_EVERY_MS = 6 * 3600 * 1000;

export const sessionJobHandlers = [
  defineJobHandler(purgeExpiredSessionsJob, (_payload, { db }: { db: Db }) => purgeExpiredSessions({ db })),
];
