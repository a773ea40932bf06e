// A worker process is killed (SIGKILL) in the middle of a shop's fit: another worker takes the job over,
// the fit completes once, and the shop's results reach Shopify once, for consenting customers only.
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "../app/db.server";
import { enqueueNow } from "../app/jobs/outbox.server";
import { queues } from "../app/jobs/queues.server";
import { queueShopFit } from "../app/personalization/jobs.server";
import { consents, CUSTOMERS, seedShop } from "./helpers/personalization-shop";
import { holdWriteLock } from "./helpers/write-lock";
import { startWorkerProcess, stopWorkerProcess } from "./helpers/worker-process";
import { adminApiFixture } from "../harness/admin-api-server";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());

const metafieldOwners = () =>
  server.requests
    .filter((r) => r.path.endsWith("/graphql.json") && r.body.includes("metafieldsSet"))
    .flatMap((r) => (JSON.parse(r.body) as { variables: { metafields: { ownerId: string; key: string }[] } }).variables.metafields)
    .filter((field) => field.key === "segment")
    .map((field) => field.ownerId);

describe("worker killed mid-fit", () => {
  it("given a worker is killed while fitting a shop, then another worker fits it once and each consenting customer is written to Shopify once", async () => {
    // Two calls for 12 customers (six to a call), one for the products; spare answers cost nothing.
    server.answer(...Array.from({ length: 6 }, () => ({ body: adminApiFixture("metafields-set") })));
    const shop = "killed-fit.myshopify.com";
    await seedShop(shop);
    const message = await queueShopFit(db(), shop);
    await enqueueNow({ queues: queues(), messages: [message] });
    const batch = await queues().get("personalization-batch");
    const [job] = await batch.getJobs(["waiting"]);
    expect(job).toBeDefined();

    // The fit's first write (the shop's model) waits on this lock, so the job is caught mid-way.
    const lock = await holdWriteLock({ table: "ShopModel" });
    const doomed = startWorkerProcess();
    await expect.poll(() => batch.getJobState(job!.id!), { timeout: 30_000, interval: 100 }).toBe("active");
    await stopWorkerProcess(doomed, "SIGKILL");
    await lock.release();
    expect(await db().shopModel.count({ where: { shop } })).toBe(0);

    startWorkerProcess();
    await expect.poll(() => batch.getJobState(job!.id!), { timeout: 45_000, interval: 200 }).toBe("completed");
    const writeBack = async () => (await batch.getJobs(["completed"])).filter((j) => j.name === "personalization.write-back-shop");
    await expect.poll(async () => (await writeBack()).length, { timeout: 20_000, interval: 200 }).toBe(1);

    expect(await db().shopModel.count({ where: { shop } })).toBe(1);
    const consenting = Array.from({ length: CUSTOMERS }, (_, i) => i + 1).filter(consents);
    expect(await db().customerInsight.count({ where: { shop } })).toBe(consenting.length);
    const owners = metafieldOwners();
    expect(owners.sort()).toEqual(consenting.map((id) => `gid://shopify/Customer/${id}`).sort());
  }, 120_000);
});
