// The one recurring retention job (it replaced the separate purges of expired receipts and exports).
import type { Db } from "../db.server";
import { defineJobHandler, defineMaintenanceJobType } from "../jobs/job-definition.server";
import type { CustomerDataHolder } from "../privacy/customer-data-holder.server";
import { applyRetention } from "./apply-retention.server";

export const applyRetentionJob = defineMaintenanceJobType("retention.apply");

/** Daily: periods are counted in days and months. An export past its expiry can no longer be downloaded meanwhile. */
export const APPLY_RETENTION_EVERY_MS = 24 * 3600 * 1000;

export const retentionJobHandlers = [
  defineJobHandler(applyRetentionJob, (_payload, { db, holders }: { db: Db; holders: CustomerDataHolder[] }, { log }) => applyRetention({ db, holders, log })),
];
