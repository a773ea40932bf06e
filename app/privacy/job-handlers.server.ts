// The privacy module's jobs: carrying out a request, erasing a shop that stayed uninstalled. Each
// calls one domain function with the services it is handed.
import { UnrecoverableError } from "bullmq";
import type { Db } from "../db.server";
import { defineJobHandler } from "../jobs/job-definition.server";
import type { CustomerDataHolder } from "./customer-data-holder.server";
import { eraseShopData } from "./erase-shop.server";
import type { Logger } from "pino";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { eraseUninstalledShopJob, processPrivacyRequestJob, requestShopifyErasureJob } from "./jobs.server";
import { PrivacyRequestGone, processPrivacyRequest } from "./process-request.server";
import { requestShopifyErasure } from "./shopify-erasure.server";

interface PrivacyServices {
  db: Db;
  /** Every holder of personal data, in erasure order. */
  holders: CustomerDataHolder[];
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

export const privacyJobHandlers = [
  defineJobHandler(processPrivacyRequestJob, async ({ requestId }, { db, holders }: PrivacyServices, { log, attempt, maxAttempts, retryDelayMs }) => {
    try {
      return await processPrivacyRequest({ db, holders, requestId, attempt, maxAttempts, retryDelayMs, log });
    } catch (error) {
      if (error instanceof PrivacyRequestGone) throw new UnrecoverableError(error.message);
      throw error;
    }
  }),
  defineJobHandler(eraseUninstalledShopJob, async ({ shop, uninstalledAt }, { db, holders }: PrivacyServices, { log }) => {
    const current = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
    // Reinstalled since (or uninstalled again later, which schedules its own erasure): keep the data.
    if (current && current.uninstalledAt?.toISOString() !== uninstalledAt) return { skipped: "reinstalled" };
    return eraseShopData({ db, holders, shop, triggerId: `uninstall:${shop}:${uninstalledAt}`, log });
  }),
  defineJobHandler(requestShopifyErasureJob, async ({ shop, requestId }, { db, holders, adminClient }: PrivacyServices, { log }) =>
    requestShopifyErasure({ db, holders, client: await adminClient({ shop, log }), requestId }),
  ),
];
