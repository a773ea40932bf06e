// The admin Segments page through its real loader and action, with signed session tokens: figures
// from the stored personalization results, queue health read from real Redis (BullMQ), and the
// audited retry of failed jobs, each scoped to the shop that asks.
import { Worker } from "bullmq";
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { translator } from "../app/i18n/i18n";
import { queues } from "../app/jobs/queues.server";
import { clusterSafeQueueName } from "../app/jobs/redis.server";
import { insightColumns } from "../app/personalization/insights.server";
import { fitShopJob, rescoreCustomerJob } from "../app/personalization/jobs.server";
import type { RfmGroup } from "../app/personalization/rfm";
import { action, loader } from "../app/routes/app.segments";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
afterAll(() => redis.disconnect());

const openPage = async (shop: string) => respond(async () => loader({ request: await adminRequest("/app/segments", shop), params: {}, context: {} }));
const submit = async (shop: string, form: Record<string, string>) => respond(async () => action({ request: await adminRequest("/app/segments", shop, { form }), params: {}, context: {} }));

let nextRef = 0;
async function storeInsight(shop: string, values: { recency: number; frequency: number; monetary: number; rfmGroup: RfmGroup; cluster?: number; clusterLabel?: string; predictedValue12m?: number }) {
  const insight = { cluster: null, clusterLabel: null, probabilityAlive: null, expectedPurchases90d: null, predictedValue12m: null, recommendedProducts: ["1"], ...values };
  const customerRef = `ref-${nextRef++}`;
  await db().customerInsight.create({ data: { shop, customerRef, ...insightColumns({ shop, customerRef, insight, scoredAt: new Date() }) } });
}

/** Queues a job of the shop and takes it through a real BullMQ worker to the failed set. */
async function failJob(queueName: "personalization" | "personalization-batch", name: string, payload: Record<string, string>) {
  const queue = await queues().get(queueName);
  // Last in, first out: the worker takes this job even when others (retried ones) are waiting.
  const added = await queue.add(name, payload, { attempts: 1, lifo: true });
  const worker = new Worker(clusterSafeQueueName(queueName), undefined, { connection: redis, prefix: process.env.REDIS_PREFIX, autorun: false });
  const job = await worker.getNextJob("test-token");
  expect(job?.id).toBe(added.id);
  await job!.moveToFailed(new Error("Admin API unavailable"), "test-token", false);
  await worker.close();
}

describe("the Segments page", () => {
  it("given no fit has run, then it answers with no customers, no fit and empty queues", async () => {
    const shop = "segments-empty.myshopify.com";
    await installShop(shop);

    const response = await openPage(shop);

    expect(response.status).toBe(200);
    const { figures, health } = await response.json();
    expect(figures.customers).toBe(0);
    expect(figures.fittedAt).toBeNull();
    expect(health.queues).toEqual([
      { queue: "personalization", waiting: 0, active: 0, delayed: 0, failed: 0 },
      { queue: "personalization-batch", waiting: 0, active: 0, delayed: 0, failed: 0 },
    ]);
    expect(health.lastRuns.every((run: { finishedAt: string | null }) => run.finishedAt === null)).toBe(true);
    // Each job type the page lists has a name in both languages (as the page builds its key).
    for (const locale of ["en", "de"] as const) {
      const t = translator(locale);
      for (const { jobType } of health.lastRuns as { jobType: string }[]) {
        const key = `segments.jobTypes.${jobType.replace(/^personalization\./, "")}`;
        expect(t(key), `${locale} ${key}`).not.toBe(key);
      }
    }
  });

  it("given two shops with results, then each sees only its own segments, grid, value spread and clusters", async () => {
    const shopA = "segments-a.myshopify.com";
    const shopB = "segments-b.myshopify.com";
    await installShop(shopA);
    await installShop(shopB);
    const fittedAt = new Date("2026-11-28T02:00:00Z");
    // Cluster 1 was described by an older model without traits: its stored English label is shown.
    const traits = [{ frequency: "frequent", spend: "high", recency: "recent" }];
    await db().shopModel.create({ data: { shop: shopA, fittedAt, model: JSON.stringify({ clusters: { traits } }), customers: 3 } });
    await storeInsight(shopA, { recency: 5, frequency: 5, monetary: 5, rfmGroup: "CHAMPIONS", cluster: 0, clusterLabel: "Frequent big spenders", predictedValue12m: 1_200 });
    await storeInsight(shopA, { recency: 5, frequency: 5, monetary: 3, rfmGroup: "CHAMPIONS", cluster: 0, clusterLabel: "Frequent big spenders", predictedValue12m: 800 });
    await storeInsight(shopA, { recency: 1, frequency: 1, monetary: 1, rfmGroup: "DORMANT", cluster: 1, clusterLabel: "One-time buyers, long ago", predictedValue12m: 3 });
    for (let i = 0; i < 4; i++) await storeInsight(shopB, { recency: 3, frequency: 2, monetary: 2, rfmGroup: "AT_RISK", cluster: 0, clusterLabel: "Shop B's group", predictedValue12m: 60 });

    const { figures } = await (await openPage(shopA)).json();

    expect(figures.customers).toBe(3);
    expect(figures.fittedAt).toBe(fittedAt.toISOString());
    const counts = Object.fromEntries(figures.segments.map((row: { group: string; customers: number }) => [row.group, row.customers]));
    expect(counts).toMatchObject({ CHAMPIONS: 2, DORMANT: 1, AT_RISK: 0 });
    expect(figures.grid).toEqual(
      expect.arrayContaining([
        { recency: 5, frequency: 5, customers: 2, monetary: 4 },
        { recency: 1, frequency: 1, customers: 1, monetary: 1 },
      ]),
    );
    expect(figures.grid).toHaveLength(2);
    const spread = Object.fromEntries(figures.predictedValue.map((bucket: { from: number; customers: number }) => [bucket.from, bucket.customers]));
    expect(spread).toEqual({ 0: 1, 25: 0, 50: 0, 100: 0, 250: 0, 500: 1, 1000: 1, 2500: 0 });
    expect(figures.clusters).toEqual([
      { cluster: 0, description: "Frequent big spenders", traits: traits[0], customers: 2, averagePredictedValue: 1_000 },
      { cluster: 1, description: "One-time buyers, long ago", traits: null, customers: 1, averagePredictedValue: 3 },
    ]);

    const other = (await (await openPage(shopB)).json()).figures;
    expect(other.customers).toBe(4);
    expect(other.fittedAt).toBeNull();
    expect(other.clusters).toEqual([{ cluster: 0, description: "Shop B's group", traits: null, customers: 4, averagePredictedValue: 60 }]);
  });

  it("given failed jobs of two shops, then a shop sees and retries only its own, and the retry is audited", async () => {
    const shopA = "segments-queue-a.myshopify.com";
    const shopB = "segments-queue-b.myshopify.com";
    await installShop(shopA);
    await installShop(shopB);
    await failJob("personalization-batch", fitShopJob.name, { shop: shopA });
    await failJob("personalization", rescoreCustomerJob.name, { shop: shopB, customerId: "7" });

    const { health } = await (await openPage(shopA)).json();
    expect(health.queues).toEqual([
      { queue: "personalization", waiting: 0, active: 0, delayed: 0, failed: 0 },
      { queue: "personalization-batch", waiting: 0, active: 0, delayed: 0, failed: 1 },
    ]);
    expect(health.lastRuns).toContainEqual({ jobType: fitShopJob.name, finishedAt: expect.any(String), outcome: "failed" });
    expect(health.lastRuns).toContainEqual({ jobType: rescoreCustomerJob.name, finishedAt: null, outcome: null });

    const response = await submit(shopA, { intent: "retry-failed" });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ retried: 1, error: null });
    const after = (await (await openPage(shopA)).json()).health.queues;
    expect(after[1]).toEqual({ queue: "personalization-batch", waiting: 1, active: 0, delayed: 0, failed: 0 });
    const untouched = (await (await openPage(shopB)).json()).health.queues;
    expect(untouched[0]).toEqual({ queue: "personalization", waiting: 0, active: 0, delayed: 0, failed: 1 });
    const audit = await db().auditEvent.findMany({ where: { action: "personalization.failed-jobs-retried" } });
    expect(audit).toEqual([expect.objectContaining({ shop: shopA, actor: `staff:${USER_ID}` })]);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ retried: 1, byQueue: { personalization: 0, "personalization-batch": 1 } });
  });

  it("given an unknown intent, then it answers 400 and retries nothing", async () => {
    const shop = "segments-bad.myshopify.com";
    await installShop(shop);
    await failJob("personalization-batch", fitShopJob.name, { shop });

    const response = await submit(shop, { intent: "delete-everything" });

    expect(response.status).toBe(400);
    expect((await (await openPage(shop)).json()).health.queues[1].failed).toBe(1);
    expect(await db().auditEvent.count({ where: { shop, action: "personalization.failed-jobs-retried" } })).toBe(0);
  });
});
