// Jobs per second through the real personalization pipeline: one new order for each of a fitted shop's
// customers, as fast as the app acknowledges them; each order's sync event rescores its customer and
// the rescore writes them back to the local Admin API (two personalization jobs per order), in one
// worker process. Baseline: the same number of no-op jobs through raw BullMQ, same concurrency, same run.
import { randomBytes } from "node:crypto";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { PRODUCTS, startFittedShop } from "./lib/fitted-shop";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const SHOP = "bench-throughput.myshopify.com";
const CUSTOMERS = 400;
const SENDERS = 16;
/** The worker process's default concurrency (WORKER_CONCURRENCY). */
const WORKER_CONCURRENCY = 5;
const JOBS_PER_ORDER = 2;

async function rawBullmqJobsPerSecond(redisUrl: string, jobs: number): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = `throughput${randomBytes(3).toString("hex")}`;
  const queue = new Queue(name, { connection, prefix: "cvbench" });
  const events = new QueueEvents(name, { connection: connection.duplicate(), prefix: "cvbench" });
  await events.waitUntilReady();
  let completed = 0;
  const done = new Promise<void>((resolve) => events.on("completed", () => ++completed === jobs && resolve()));
  const started = performance.now();
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: "noop", data: { shop: SHOP, customerId: String(i) } })));
  const worker = new Worker(name, async () => null, { connection: connection.duplicate(), prefix: "cvbench", concurrency: WORKER_CONCURRENCY });
  await done;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return jobs / seconds;
}

const ownersIn = (body: string) => [...body.matchAll(/gid:\/\/shopify\/Customer\/(\d+)/g)].map((match) => match[1]!);

export const personalizationThroughputBench: Bench = {
  name: "personalization jobs/s",
  async run() {
    const { admin, deliverOrder, stop } = await startFittedShop({ shop: SHOP, customers: CUSTOMERS });
    try {
      const from = admin.requests.length;
      const started = Date.now();
      let next = 1;
      await Promise.all(
        Array.from({ length: SENDERS }, async () => {
          for (let customerId = next++; customerId <= CUSTOMERS; customerId = next++) await deliverOrder(customerId, [(customerId * 5) % PRODUCTS]);
        }),
      );
      const acknowledgedIn = Date.now() - started;
      const written = new Set<string>();
      let lastWrite = started;
      for (let seen = from; written.size < CUSTOMERS && Date.now() - Math.max(lastWrite, started + acknowledgedIn) < 30_000; ) {
        for (; seen < admin.requests.length; seen++) {
          const request = admin.requests[seen]!;
          for (const owner of ownersIn(request.body)) written.add(owner);
          lastWrite = request.receivedAt;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seconds = (lastWrite - started) / 1000;
      const jobsPerSecond = (written.size * JOBS_PER_ORDER) / seconds;
      const baseline = await rawBullmqJobsPerSecond(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", CUSTOMERS * JOBS_PER_ORDER);
      const name = this.name;
      const subject = `app: ${CUSTOMERS} orders from ${SENDERS} senders → rescore → write-back, one worker process (concurrency ${WORKER_CONCURRENCY})`;
      return [
        { bench: name, subject: `raw BullMQ no-op jobs (baseline, concurrency ${WORKER_CONCURRENCY})`, metric: "jobs/s", value: baseline.toFixed(0) },
        { bench: name, subject, metric: "jobs/s", value: jobsPerSecond.toFixed(1), vsBaseline: ratio(jobsPerSecond, baseline) },
        { bench: name, subject, metric: "customers written back", value: `${written.size} / ${CUSTOMERS}` },
        { bench: name, subject, metric: "orders acknowledged in s", value: (acknowledgedIn / 1000).toFixed(1) },
        { bench: name, subject, metric: "last write-back after s", value: seconds.toFixed(1) },
      ] satisfies BenchRow[];
    } finally {
      await stop();
    }
  },
};
