// What the shops module's jobs do (wired in app/composition.server.ts).
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { defineJobHandler } from "../jobs/job-definition.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { fetchShopDetailsJob } from "./jobs.server";
import { fetchShopDetails } from "./shop-details.server";

interface ShopServices {
  db: Db;
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

export const shopJobHandlers = [
  defineJobHandler(fetchShopDetailsJob, async ({ shop }, { db, adminClient }: ShopServices, { log }) =>
    fetchShopDetails({ db, shop, client: await adminClient({ shop, log }) }),
  ),
];
