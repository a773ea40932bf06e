import type { Db } from "../db.server";
import { defineJobHandler, defineMaintenanceJobType } from "../jobs/job-definition.server";
import { purgeExpiredSessions } from "./expired-sessions.server";

export const purgeExpiredSessionsJob = defineMaintenanceJobType("sessions.purge-expired");

/** Runs every six hours from the worker's job scheduler. */
export const PURGE_EXPIRED_SESSIONS_EVERY_MS = 6 * 3600 * 1000;

export const sessionJobHandlers = [
  defineJobHandler(purgeExpiredSessionsJob, (_payload, { db }: { db: Db }) => purgeExpiredSessions({ db })),
];
