import { z } from "zod";
import { purgeExpiredSessions } from "../../sessions/expired-sessions.server";
import { DEFAULT_JOB_OPTIONS, defineJob } from "../job-definition.server";

export const purgeExpiredSessionsJob = defineJob({
  queue: "maintenance",
  name: "sessions.purge-expired",
  payload: z.object({}).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 3 },
  handle: (_payload, { db }) => purgeExpiredSessions({ db }),
});

/** Runs every six hours from the worker's job scheduler. */
export const PURGE_EXPIRED_SESSIONS_EVERY_MS = 6 * 3600 * 1000;
