// Personalization's job types. Real-time work (one customer) and shop-wide work (fits, bulk writes)
// run on separate queues, so a large shop's nightly fit never holds up another shop's rescoring.
// Payloads carry a shop and a customer id at most.
import type { JobsOptions } from "bullmq";
import { z } from "zod";
import type { Tx } from "../db.server";
import { defineJobType, defineMaintenanceJobType } from "../jobs/job-definition.server";
import { addToOutbox } from "../jobs/outbox.server";

const shop = z.string().min(1);
const customerId = z.string().regex(/^\d+$/);

const realTime: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 3600, count: 1_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
};

const shopWide: JobsOptions = {
  attempts: 4,
  backoff: { type: "exponential", delay: 60_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 500 },
  removeOnFail: { age: 30 * 24 * 3600, count: 500 },
};

/** Rescores one customer from their lines and the shop's stored model (or removes their results). */
export const rescoreCustomerJob = defineJobType({ queue: "personalization", name: "personalization.rescore-customer", payload: z.object({ shop, customerId }).strict(), options: realTime });

/** Brings the customer's metafields in Shopify in line with what is stored (set or removed). */
export const writeBackCustomerJob = defineJobType({ queue: "personalization", name: "personalization.write-back-customer", payload: z.object({ shop, customerId }).strict(), options: realTime });

/** Segments the shop (RFM, clusters), fits lifetime value and builds recommendations, in one pass. */
export const fitShopJob = defineJobType({ queue: "personalization-batch", name: "personalization.fit-shop", payload: z.object({ shop }).strict(), options: shopWide });

/** Once per shop after its full sync: starts the orders → line items bulk query (purchase-line-backfill.server.ts). */
export const backfillPurchaseLinesJob = defineJobType({ queue: "personalization-batch", name: "personalization.backfill-lines", payload: z.object({ shop }).strict(), options: shopWide });

/** Writes every changed result of the shop to Shopify. */
export const writeBackShopJob = defineJobType({ queue: "personalization-batch", name: "personalization.write-back-shop", payload: z.object({ shop }).strict(), options: shopWide });

/** Nightly: queues a fit for every installed shop (first the backfill of its purchase lines, if due). */
export const nightlyPersonalizationJob = defineMaintenanceJobType("personalization.nightly");
export const NIGHTLY_EVERY_MS = 24 * 3600 * 1000;

/**
 * A burst of orders (or consent changes) for one customer rescoring them once: jobs wait this long,
 * and while one waits or runs the next for the same customer is folded into it (BullMQ deduplication;
 * one more run is kept when a job is already active, so the last change is never missed).
 */
export const RESCORE_DEBOUNCE_MS = 500;

const perCustomer = (kind: string, shopDomain: string, id: string): JobsOptions => ({ deduplication: { id: `${kind}|${shopDomain}|${id}`, keepLastIfActive: true } });

/** Queues a rescore of the customer through the outbox, in the caller's transaction. */
export function queueRescore(tx: Pick<Tx, "outboxMessage">, { shop: shopDomain, customerId: id }: { shop: string; customerId: string }) {
  return addToOutbox(tx, { shop: shopDomain, job: rescoreCustomerJob, payload: { shop: shopDomain, customerId: id }, options: { ...perCustomer("rescore", shopDomain, id), delay: RESCORE_DEBOUNCE_MS } });
}

export function queueCustomerWriteBack(tx: Pick<Tx, "outboxMessage">, { shop: shopDomain, customerId: id }: { shop: string; customerId: string }) {
  return addToOutbox(tx, { shop: shopDomain, job: writeBackCustomerJob, payload: { shop: shopDomain, customerId: id }, options: perCustomer("write-back", shopDomain, id) });
}

/** One fit per shop at a time: a second request while one waits or runs is folded into it. */
export function queueShopFit(tx: Pick<Tx, "outboxMessage">, shopDomain: string) {
  return addToOutbox(tx, { shop: shopDomain, job: fitShopJob, payload: { shop: shopDomain }, options: { deduplication: { id: `fit|${shopDomain}` } } });
}
