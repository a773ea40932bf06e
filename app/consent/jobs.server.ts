import { config } from "../config.server";
import type { Db } from "../db.server";
import { defineJobHandler, defineMaintenanceJobType } from "../jobs/job-definition.server";
import { purgeExpiredReceipts } from "./expired-receipts.server";

export const purgeExpiredReceiptsJob = defineMaintenanceJobType("consent.purge-expired-receipts");

/** Daily: retention is counted in days. */
export const PURGE_EXPIRED_RECEIPTS_EVERY_MS = 24 * 3600 * 1000;

export const consentJobHandlers = [
  defineJobHandler(purgeExpiredReceiptsJob, (_payload, { db }: { db: Db }) =>
    purgeExpiredReceipts({ db, retentionDays: config().CONSENT_RECEIPT_RETENTION_DAYS }),
  ),
];
