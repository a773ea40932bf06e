// What a health check needs for one shop in tests: the test's backup store, and Shopify asked at the
// process's Admin API origin (a local Admin API server where the test file starts one).
import { config } from "../../app/config.server";
import { db } from "../../app/db.server";
import { log } from "../../app/log.server";
import { shopifyAccess } from "../../app/privacy-health/jobs.server";
import { testBackupStore } from "./backups";

export const healthCheckContext = (shop: string) => ({
  db: db(),
  shop,
  backups: { store: testBackupStore(), everyHours: config().BACKUP_EVERY_HOURS },
  shopify: shopifyAccess(shop, log),
});
