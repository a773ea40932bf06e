// A worker process is killed (SIGKILL) in the middle of a redaction: another worker must take the
// job over and the request must complete exactly once.
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { customerRedactPayload, deliver, requestReaching } from "./helpers/compliance";
import { holdWriteLock } from "./helpers/write-lock";
import { startWorkerProcess, stopWorkerProcess } from "./helpers/worker-process";

describe("worker killed mid-job", () => {
  it("given a worker is killed while redacting, then another worker retries the job and the request completes exactly once", async () => {
    const shop = "killed.myshopify.com";
    expect((await deliver("customers/redact", shop, customerRedactPayload(shop, 2718))).status).toBe(200);
    const { id: outboxId } = await db().outboxMessage.findFirstOrThrow({ where: { shop } });
    // The web request enqueues the job right away; let that finish before taking the lock.
    const privacy = await queues().get("privacy");
    await expect.poll(() => privacy.getJobState(outboxId)).toBe("waiting");

    const lock = await holdWriteLock();
    const doomed = startWorkerProcess();
    await expect.poll(() => privacy.getJobState(outboxId), { timeout: 30_000, interval: 100 }).toBe("active");
    await stopWorkerProcess(doomed, "SIGKILL");
    await lock.release();

    startWorkerProcess();
    // A new worker process starts (tsx compiles on start) and takes the job over once its lock lapses.
    const request = await requestReaching(shop, "customer_redact", "completed", { timeout: 45_000 });

    const kinds = (await db().privacyRequestEvent.findMany({ where: { requestId: request.id }, orderBy: { at: "asc" } })).map((e) => e.kind);
    expect(kinds.filter((kind) => kind === "completed")).toHaveLength(1);
    expect(kinds.filter((kind) => kind === "erased")).toHaveLength(1);
    expect(await db().redactionReceipt.count({ where: { triggerId: { startsWith: request.id } } })).toBe(1);
    expect(await db().auditEvent.count({ where: { shop, action: "privacy.customer.erased" } })).toBe(1);
    // The request completes inside the job; BullMQ records the job as completed just after it returns.
    await expect.poll(() => privacy.getJobState(outboxId), { timeout: 10_000 }).toBe("completed");
  }, 90_000);
});
