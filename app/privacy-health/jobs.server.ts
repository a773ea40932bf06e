// The weekly privacy health check: one maintenance run queues a check per installed shop (a shop's
// check reads its own data only). The admin's "Check now" runs the same check in its request.
import type { Logger } from "pino";
import { z } from "zod";
import { configuredBackupStore } from "../backups/configured-backup-store.server";
import { config } from "../config.server";
import type { Db } from "../db.server";
import { DEFAULT_JOB_OPTIONS, defineJobHandler, defineJobType, defineMaintenanceJobType } from "../jobs/job-definition.server";
import { addToOutbox, enqueueNow } from "../jobs/outbox.server";
import type { Queues } from "../jobs/queues.server";
import { adminPageClient } from "../sync/admin-page-client.server";
import { checkShopHealth } from "./health-reports.server";

export const weeklyHealthCheckJob = defineMaintenanceJobType("privacy-health.weekly");
export const HEALTH_CHECK_EVERY_MS = 7 * 24 * 3600 * 1000;

export const checkShopHealthJob = defineJobType({
  queue: "maintenance",
  name: "privacy-health.check-shop",
  payload: z.object({ shop: z.string().min(1) }).strict(),
  options: { ...DEFAULT_JOB_OPTIONS, attempts: 3 },
});

export const backupSettings = () => ({ store: configuredBackupStore(config()), everyHours: config().BACKUP_EVERY_HOURS });
/** Shopify asked as the app, with a page's short retries: a check must not wait out the sync's. */
export const shopifyAccess = (shop: string, log: Logger) => ({ client: adminPageClient({ shop }), apiKey: config().SHOPIFY_API_KEY, log });

export const privacyHealthJobHandlers = [
  defineJobHandler(checkShopHealthJob, async ({ shop }, { db }: { db: Db }, { log }) => {
    const { checks } = await checkShopHealth({ db, shop, backups: backupSettings(), shopify: shopifyAccess(shop, log) });
    return { statuses: Object.fromEntries(checks.map((check) => [check.id, check.status])) };
  }),
  defineJobHandler(weeklyHealthCheckJob, async (_payload, { db, queues }: { db: Db; queues: Queues }) => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
    // One check per shop and week: a second queued while one waits is folded into it.
    const messages = await db.$transaction(async (tx) =>
      Promise.all(shops.map(({ domain }) => addToOutbox(tx, { shop: domain, job: checkShopHealthJob, payload: { shop: domain }, options: { deduplication: { id: `health|${domain}` } } }))),
    );
    await enqueueNow({ queues, messages });
    return { shops: shops.length };
  }),
];
