// What the admin's Segments page shows, for one shop: customers per RFM group, the RFM grid,
// how predicted 12-month value is spread, the behaviour clusters, when each personalization job last
// ran and how its queues stand. Only consenting customers have results (the gate deletes the rest),
// so every figure here is about consenting customers.
import type { Job, Queue } from "bullmq";
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import type { QueueName } from "../jobs/job-definition.server";
import type { Queues } from "../jobs/queues.server";
import { backfillPurchaseLinesJob, fitShopJob, rescoreCustomerJob, writeBackCustomerJob, writeBackShopJob } from "./jobs.server";
import { RFM_GROUPS } from "./rfm";
import type { ShopModel } from "./shop-model";

export const PERSONALIZATION_QUEUES = ["personalization", "personalization-batch"] as const satisfies readonly QueueName[];
export const JOB_STATES = ["waiting", "active", "delayed", "failed"] as const;
export type JobState = (typeof JOB_STATES)[number];

/** The job types whose last run the page names, in the order it lists them. */
export const SHOWN_JOB_TYPES = [fitShopJob, rescoreCustomerJob, writeBackShopJob, writeBackCustomerJob, backfillPurchaseLinesJob].map((job) => job.name);

/**
 * Queues are shared by every shop; a shop sees only its own jobs. Each state is read up to this many
 * jobs deep (the batch queue keeps at most 500 finished jobs, the real-time one 5,000 failed ones), so
 * a page load stays bounded however busy the queues are.
 */
const JOBS_READ_PER_STATE = 2_000;

/** Upper bounds of the predicted-value buckets, in the shop's currency; the last bucket is open. */
export const VALUE_BUCKETS = [0, 25, 50, 100, 250, 500, 1_000, 2_500] as const;

export async function segmentFigures({ db, shop }: { db: Db; shop: string }) {
  const [groups, grid, clusters, valueCounts, model] = await Promise.all([
    db.customerInsight.groupBy({ by: ["rfmGroup"], where: { shop }, _count: { _all: true } }),
    db.customerInsight.groupBy({ by: ["recency", "frequency"], where: { shop, frequency: { gt: 0 } }, _count: { _all: true }, _avg: { monetary: true } }),
    db.customerInsight.groupBy({ by: ["cluster", "clusterLabel"], where: { shop, cluster: { not: null } }, _count: { _all: true }, _avg: { predictedValue12m: true } }),
    // One count per bucket: the database counts, no value of a large shop is loaded here.
    Promise.all(
      VALUE_BUCKETS.map((from, index) => {
        const to = VALUE_BUCKETS[index + 1];
        return db.customerInsight.count({ where: { shop, predictedValue12m: { ...(index > 0 ? { gte: from } : { not: null }), ...(to !== undefined ? { lt: to } : {}) } } });
      }),
    ),
    db.shopModel.findUnique({ where: { shop }, select: { fittedAt: true, customers: true, model: true } }),
  ]);
  const counted = new Map(groups.map((row) => [row.rfmGroup, row._count._all]));
  const traits = model ? ((JSON.parse(model.model) as ShopModel).clusters?.traits ?? []) : [];
  return {
    customers: groups.reduce((sum, row) => sum + row._count._all, 0),
    fittedAt: model?.fittedAt.toISOString() ?? null,
    segments: RFM_GROUPS.map((group) => ({ group, customers: counted.get(group) ?? 0 })),
    // Recency 5 (most recent) … 1 by frequency 1 … 5; the average monetary score says how much they spend.
    grid: grid.map((cell) => ({ recency: cell.recency, frequency: cell.frequency, customers: cell._count._all, monetary: round1(cell._avg.monetary ?? 0) })),
    predictedValue: VALUE_BUCKETS.map((from, index) => ({ from, to: VALUE_BUCKETS[index + 1] ?? null, customers: valueCounts[index]! })),
    clusters: clusters
      .map((row) => ({ cluster: row.cluster!, description: row.clusterLabel ?? "", traits: traits[row.cluster!] ?? null, customers: row._count._all, averagePredictedValue: row._avg.predictedValue12m }))
      .sort((a, b) => b.customers - a.customers),
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

const ofShop = (shop: string) => (job: Job | undefined): job is Job => (job?.data as { shop?: unknown } | undefined)?.shop === shop;

async function shopJobs(queue: Queue, state: JobState | "completed", shop: string) {
  return (await queue.getJobs([state], 0, JOBS_READ_PER_STATE - 1)).filter(ofShop(shop));
}

/** Per personalization queue, the shop's jobs in each state, and the last finished run per job type. */
export async function personalizationQueueHealth({ queues, shop }: { queues: Queues; shop: string }) {
  const lastRuns = new Map<string, { finishedAt: number; outcome: "completed" | "failed" }>();
  const health = await Promise.all(
    PERSONALIZATION_QUEUES.map(async (name) => {
      const queue = await queues.get(name);
      const counts = Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
      for (const state of JOB_STATES) counts[state] = (await shopJobs(queue, state, shop)).length;
      for (const outcome of ["completed", "failed"] as const) {
        const jobs = outcome === "failed" ? await shopJobs(queue, "failed", shop) : await shopJobs(queue, "completed", shop);
        for (const job of jobs) {
          const finishedAt = job.finishedOn ?? 0;
          if (finishedAt > (lastRuns.get(job.name)?.finishedAt ?? -1)) lastRuns.set(job.name, { finishedAt, outcome });
        }
      }
      return { queue: name, ...counts };
    }),
  );
  return {
    queues: health,
    lastRuns: SHOWN_JOB_TYPES.map((jobType) => {
      const run = lastRuns.get(jobType);
      return { jobType, finishedAt: run ? new Date(run.finishedAt).toISOString() : null, outcome: run?.outcome ?? null };
    }),
  };
}

/** Puts the shop's failed personalization jobs back in line (never another shop's), audited. */
export async function retryFailedPersonalizationJobs({ db, queues, shop, actor }: { db: Db; queues: Queues; shop: string; actor: string }) {
  const retried: Record<string, number> = {};
  for (const name of PERSONALIZATION_QUEUES) {
    const queue = await queues.get(name);
    const failed = await shopJobs(queue, "failed", shop);
    // A job retried by someone else in the meantime is no longer failed: skip it, it runs anyway.
    const outcomes = await Promise.allSettled(failed.map((job) => job.retry("failed")));
    retried[name] = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
  }
  const total = Object.values(retried).reduce((sum, count) => sum + count, 0);
  await recordAudit(db, { shop, actor, action: "personalization.failed-jobs-retried", detail: { retried: total, byQueue: retried } });
  return total;
}
