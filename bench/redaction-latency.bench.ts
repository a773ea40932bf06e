// From delivery to completed redaction: customers/redact webhooks sent to the production app, a
// worker process doing the work, latency read from the requests' own timestamps. Baseline: the
// same number of no-op jobs through raw BullMQ (add → completed) on the same Redis, same run.
import { randomBytes } from "node:crypto";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Redis } from "ioredis";
import { createDb } from "../app/db.server";
import { databaseTarget } from "../app/database-target.server.mjs";
import { startAppStack } from "./lib/app-stack";
import { signedWebhook, withFreshWebhookId } from "../harness/signed-webhook";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const REQUESTS = 200;
const CONCURRENCY = 8;

export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function rawBullmqLatencies(redisUrl: string): Promise<number[]> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const name = `baseline${randomBytes(3).toString("hex")}`;
  const queue = new Queue(name, { connection, prefix: "cvbench" });
  const events = new QueueEvents(name, { connection: connection.duplicate(), prefix: "cvbench" });
  const worker = new Worker(name, async () => null, { connection: connection.duplicate(), prefix: "cvbench", concurrency: 5 });
  await events.waitUntilReady();
  const latencies: number[] = [];
  for (let sent = 0; sent < REQUESTS; sent += CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, REQUESTS - sent) }, async () => {
        const started = performance.now();
        const job = await queue.add("noop", { shop: "bench-shop.myshopify.com", requestId: "x" });
        await job.waitUntilFinished(events);
        latencies.push(performance.now() - started);
      }),
    );
  }
  await worker.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return latencies.sort((a, b) => a - b);
}

export const redactionLatencyBench: Bench = {
  name: "delivery → completed redaction",
  async run() {
    const stack = await startAppStack({ workerProcesses: 1 });
    const db = createDb(databaseTarget(stack.env.DATABASE_URL));
    try {
      const shop = "bench-shop.myshopify.com";
      const started = performance.now();
      for (let sent = 0; sent < REQUESTS; sent += CONCURRENCY) {
        await Promise.all(
          Array.from({ length: Math.min(CONCURRENCY, REQUESTS - sent) }, async (_, i) => {
            const customerId = 1000 + sent + i;
            const { body, headers } = signedWebhook(stack.secret, "customers/redact", shop, {
              shop_id: 1,
              shop_domain: shop,
              customer: { id: customerId, email: `c${customerId}@mail.example.com` },
              orders_to_redact: [],
            });
            const response = await fetch(`${stack.appUrl}/webhooks/compliance`, { method: "POST", body, headers: withFreshWebhookId(headers) });
            if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
          }),
        );
      }
      while ((await db.privacyRequest.count({ where: { shop, status: "completed" } })) < REQUESTS) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const seconds = (performance.now() - started) / 1000;
      const done = await db.privacyRequest.findMany({ where: { shop }, select: { receivedAt: true, completedAt: true } });
      const latencies = done.map((row) => row.completedAt!.getTime() - row.receivedAt.getTime()).sort((a, b) => a - b);
      const baseline = await rawBullmqLatencies(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
      const name = this.name;
      return [
        { bench: name, subject: "raw BullMQ no-op job (baseline)", metric: "p50 ms", value: percentile(baseline, 50).toFixed(1) },
        { bench: name, subject: "raw BullMQ no-op job (baseline)", metric: "p95 ms", value: percentile(baseline, 95).toFixed(1) },
        { bench: name, subject: `app, ${REQUESTS} redactions`, metric: "p50 ms", value: String(percentile(latencies, 50)), vsBaseline: ratio(percentile(latencies, 50), percentile(baseline, 50)) },
        { bench: name, subject: `app, ${REQUESTS} redactions`, metric: "p95 ms", value: String(percentile(latencies, 95)), vsBaseline: ratio(percentile(latencies, 95), percentile(baseline, 95)) },
        { bench: name, subject: `app, ${REQUESTS} redactions`, metric: "redactions/s", value: (REQUESTS / seconds).toFixed(1) },
      ] satisfies BenchRow[];
    } finally {
      await db.$disconnect();
      await stack.stop();
    }
  },
};
