// The outbox's promises when things go wrong: a row that cannot be queued never holds up the rows
// behind it; Redis losing its data loses no accepted request; schedules come back by themselves.
import { describe, expect, it } from "vitest";
import { SCHEDULES } from "../app/composition.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { MAX_RELAY_ATTEMPTS, relayOutbox, retryDeadLetter } from "../app/jobs/outbox.server";
import { queues } from "../app/jobs/queues.server";
import { countStuckWork, reconcileOutbox, RECONCILE_AFTER_MS } from "../app/jobs/reconciliation.server";
import { assertSchedules } from "../app/jobs/schedules.server";
import { log } from "../app/log.server";
import { processPrivacyRequestJob } from "../app/privacy/jobs.server";
import { deleteRedisKeys } from "../harness/redis-keys";
import { customerRedactPayload, deliver } from "./helpers/compliance";
import { expectErrorLog } from "./helpers/error-logs";
import { relayOnce, startJobProcessing } from "./helpers/jobs";

const MINUTE = 60_000;

async function jobIds() {
  const queue = await queues().get("privacy");
  return (await queue.getJobs(["waiting", "delayed", "active", "completed", "failed"])).map((job) => job.id);
}

describe("outbox relay", () => {
  it("given a row that cannot be queued ahead of good rows, then the good rows are queued and the bad one backs off, then is set aside", async () => {
    const shop = "relay-poison.myshopify.com";
    const base = { shop, queue: "privacy", job: processPrivacyRequestJob.name, options: JSON.stringify(processPrivacyRequestJob.options) };
    const created = new Date(Date.now() - MINUTE);
    // A payload that is not JSON: written by an older or broken producer.
    await db().outboxMessage.create({ data: { ...base, id: "0-poison", payload: "{not json", createdAt: created, availableAt: created } });
    for (const id of ["1-good", "2-good"]) {
      await db().outboxMessage.create({ data: { ...base, id, payload: JSON.stringify({ shop, requestId: id }), createdAt: created, availableAt: created } });
    }

    const first = await relayOutbox({ db: db(), queues: queues(), log });

    expect(first).toEqual({ relayed: 2, failed: 1, deadLettered: 0 });
    expect(await jobIds()).toEqual(expect.arrayContaining(["1-good", "2-good"]));
    const poison = await db().outboxMessage.findUniqueOrThrow({ where: { id: "0-poison" } });
    expect(poison).toMatchObject({ relayedAt: null, deadAt: null, attempts: 1 });
    expect(poison.lastError).toMatch(/JSON/);
    expect(poison.lastError!.length).toBeLessThanOrEqual(200);
    expect(poison.availableAt.getTime()).toBeGreaterThan(Date.now());

    // Each later round finds it due again only after its backoff; at the limit it is set aside.
    expectErrorLog(/could not be queued and was set aside/);
    let now = Date.now();
    for (let attempt = 2; attempt <= MAX_RELAY_ATTEMPTS; attempt++) {
      now += 20 * MINUTE;
      await relayOutbox({ db: db(), queues: queues(), log, now: new Date(now) });
    }
    const dead = await db().outboxMessage.findUniqueOrThrow({ where: { id: "0-poison" } });
    expect(dead).toMatchObject({ attempts: MAX_RELAY_ATTEMPTS, relayedAt: null });
    expect(dead.deadAt).toBeInstanceOf(Date);
    expect(await relayOutbox({ db: db(), queues: queues(), log, now: new Date(now + 60 * MINUTE) })).toEqual({ relayed: 0, failed: 0, deadLettered: 0 });
    expect(await countStuckWork({ db: db(), shop })).toMatchObject({ deadLettered: 1 });

    // Staff retry it once the cause is fixed; another shop cannot.
    expect(await retryDeadLetter({ db: db(), shop: "other.myshopify.com", id: "0-poison" })).toBe(false);
    await db().outboxMessage.update({ where: { id: "0-poison" }, data: { payload: JSON.stringify({ shop, requestId: "0-poison" }) } });
    expect(await retryDeadLetter({ db: db(), shop, id: "0-poison" })).toBe(true);
    expect(await relayOutbox({ db: db(), queues: queues(), log })).toMatchObject({ relayed: 1 });
  });
});

describe("Redis loses its data", () => {
  it("given accepted redactions already relayed, when Redis comes back empty, then the sweep queues them again and each completes exactly once", async () => {
    const shop = "redis-amnesia.myshopify.com";
    const customers = Array.from({ length: 40 }, (_, i) => 500 + i);
    for (const id of customers) expect((await deliver("customers/redact", shop, customerRedactPayload(shop, id))).status).toBe(200);
    expect((await relayOnce()).relayed).toBe(customers.length);
    // (Rows other tests of this file left relayed and unfinished are swept too.)
    const unfinished = await db().outboxMessage.count({ where: { relayedAt: { not: null }, finishedAt: null, deadAt: null } });

    // Every job and key of this deployment is gone; the database still says "relayed".
    await deleteRedisKeys(config().REDIS_URL, config().REDIS_PREFIX);
    expect(await jobIds()).toEqual([]);

    // Too recent to sweep: a job may simply not have been picked up yet.
    expect(await reconcileOutbox({ db: db(), queues: queues() })).toMatchObject({ requeued: 0 });
    const later = new Date(Date.now() + RECONCILE_AFTER_MS + MINUTE);
    expect(await reconcileOutbox({ db: db(), queues: queues(), now: later })).toMatchObject({ requeued: unfinished });
    // A second sweep finds the jobs in Redis and queues nothing twice.
    expect(await reconcileOutbox({ db: db(), queues: queues(), now: later })).toMatchObject({ requeued: 0 });
    startJobProcessing();

    await expect.poll(() => db().privacyRequest.count({ where: { shop, status: "completed" } }), { timeout: 30_000, interval: 200 }).toBe(customers.length);
    const requests = await db().privacyRequest.findMany({ where: { shop }, select: { id: true, attempts: true } });
    expect(requests.every((request) => request.attempts === 1)).toBe(true);
    for (const { id } of requests) expect(await db().redactionReceipt.count({ where: { triggerId: { startsWith: id } } })).toBe(1);
    // The workers recorded the finish, so nothing is left to reconcile or to alarm anyone.
    await expect.poll(() => db().outboxMessage.count({ where: { shop, finishedAt: null } }), { timeout: 10_000 }).toBe(0);
    expect(await countStuckWork({ db: db(), shop, now: new Date(Date.now() + 2 * 60 * MINUTE) })).toEqual({ stuck: 0, deadLettered: 0 });
  });

  it("given Redis lost the job schedulers, when they are asserted again, then every schedule is back", async () => {
    await assertSchedules({ queues: queues(), schedules: SCHEDULES, log });
    await deleteRedisKeys(config().REDIS_URL, config().REDIS_PREFIX);
    const schedulerCount = async () => {
      let count = 0;
      for (const queueName of new Set(SCHEDULES.map(({ job }) => job.queue))) count += await (await queues().get(queueName)).getJobSchedulersCount();
      return count;
    };
    expect(await schedulerCount()).toBe(0);

    expect(await assertSchedules({ queues: queues(), schedules: SCHEDULES, log })).toBe(SCHEDULES.length);

    expect(await schedulerCount()).toBe(SCHEDULES.length);
  });
});
