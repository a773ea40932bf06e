// The code behind the tracker scanner's job types.
import type { Logger } from "pino";
import { UnrecoverableError } from "bullmq";
import type { Db } from "../db.server";
import { defineJobHandler } from "../jobs/job-definition.server";
import { enqueueNow } from "../jobs/outbox.server";
import type { Queues } from "../jobs/queues.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { queueStorefrontScan, scanStorefrontJob, scheduledScansJob } from "./jobs.server";
import { publishTrackerRules } from "./publish-rules.server";
import { scanStorefront } from "./scan-storefront.server";
import type { StorefrontScanner } from "./storefront-scanner.server";
import { trackerClassifier } from "./tracker-classifier.server";

interface Services {
  db: Db;
  queues: Queues;
  storefrontScanner: StorefrontScanner;
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

export const trackerJobHandlers = [
  defineJobHandler(scanStorefrontJob, async ({ shop }, { db, storefrontScanner, adminClient }: Services, { log }) => {
    const installed = await db.shop.findUnique({ where: { domain: shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt) throw new UnrecoverableError("the shop does not have the app installed");
    return scanStorefront({
      db,
      shop,
      origin: `https://${shop}`,
      scanner: storefrontScanner,
      classifier: await trackerClassifier(),
      publish: async (rules) => publishTrackerRules({ client: await adminClient({ shop, log }), rules }),
    });
  }),
  defineJobHandler(scheduledScansJob, async (_payload, { db, queues }: Services, { log }) => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
    const rows = await db.$transaction(async (tx) => Promise.all(shops.map(({ domain }) => queueStorefrontScan(tx, domain))));
    await enqueueNow({ queues, messages: rows }).catch((error: unknown) => log.warn({ err: error }, "scans left to the outbox relay"));
    return { shops: shops.length };
  }),
];
