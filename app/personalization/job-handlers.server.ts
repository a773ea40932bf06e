// The code behind personalization's job types: each handler calls one domain function and queues
// what follows from it through the outbox (enqueued at once; the relay catches up if Redis blinks).
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { defineJobHandler } from "../jobs/job-definition.server";
import { addToOutbox, enqueueNow, type OutboxMessage } from "../jobs/outbox.server";
import type { Queues } from "../jobs/queues.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { rescoreCustomer, writeBackCustomer } from "./customer-personalization.server";
import { backfillPurchaseLinesJob, fitShopJob, nightlyPersonalizationJob, queueCustomerWriteBack, queueShopFit, rescoreCustomerJob, writeBackCustomerJob, writeBackShopJob } from "./jobs.server";
import { backfillDue, startPurchaseLineBackfill } from "./purchase-line-backfill.server";
import { fitShopPersonalization, writeBackShop } from "./shop-personalization.server";

interface Services {
  db: Db;
  queues: Queues;
  adminClient(options: { shop: string; log: Logger }): Promise<AdminGraphqlClient>;
}

async function queueNow(queues: Queues, log: Logger, messages: OutboxMessage[]) {
  try {
    await enqueueNow({ queues, messages });
  } catch (error) {
    log.warn({ err: error }, "follow-up job left to the outbox relay");
  }
}

export const personalizationJobHandlers = [
  defineJobHandler(rescoreCustomerJob, async ({ shop, customerId }, { db, queues }: Services, { log }) => {
    const result = await rescoreCustomer({ db, shop, customerId });
    if (result.writeBack) await queueNow(queues, log, [await queueCustomerWriteBack(db, { shop, customerId })]);
    return result;
  }),
  defineJobHandler(writeBackCustomerJob, ({ shop, customerId }, { db, adminClient }: Services, { log }) =>
    writeBackCustomer({ db, shop, customerId, log, client: () => adminClient({ shop, log }) }),
  ),
  defineJobHandler(fitShopJob, async ({ shop }, { db, queues }: Services, { log }) => {
    const result = await fitShopPersonalization({ db, shop, log });
    const follow = await db.$transaction(async (tx) => {
      const rows = [await addToOutbox(tx, { shop, job: writeBackShopJob, payload: { shop } })];
      for (const customerId of result.undo) rows.push(await queueCustomerWriteBack(tx, { shop, customerId }));
      return rows;
    });
    await queueNow(queues, log, follow);
    return { ...result, undo: result.undo.length };
  }),
  defineJobHandler(backfillPurchaseLinesJob, async ({ shop }, { db, adminClient }: Services, { log }) =>
    (await backfillDue({ db, shop })) ? startPurchaseLineBackfill({ db, shop, client: await adminClient({ shop, log }) }) : { skipped: true },
  ),
  defineJobHandler(writeBackShopJob, ({ shop }, { db, adminClient }: Services, { log }) => writeBackShop({ db, shop, client: () => adminClient({ shop, log }) })),
  defineJobHandler(nightlyPersonalizationJob, async (_payload, { db, queues }: Services, { log }) => {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
    // A shop whose older orders are not in yet gets them first; the backfill queues its fit.
    const due = await Promise.all(shops.map(({ domain }) => backfillDue({ db, shop: domain })));
    const rows = await db.$transaction(async (tx) => {
      const queued = [];
      for (const [i, { domain }] of shops.entries()) {
        queued.push(due[i] ? await addToOutbox(tx, { shop: domain, job: backfillPurchaseLinesJob, payload: { shop: domain } }) : await queueShopFit(tx, domain));
      }
      return queued;
    });
    await queueNow(queues, log, rows);
    return { shops: shops.length };
  }),
];
