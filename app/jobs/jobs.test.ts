import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { config } from "../config.server";
import { db, type Db } from "../db.server";
import { log } from "../log.server";
import { STAFF_DIRECTORY_DAYS } from "../sessions/expired-sessions.server";
import { purgeExpiredSessionsJob, sessionJobHandlers } from "../sessions/jobs.server";
import { DEFAULT_JOB_OPTIONS, defineJobHandler, defineJobType } from "./job-definition.server";
import { createQueues, enqueue, queues } from "./queues.server";
import { startWorkers, type AnyJobHandler, type Workers } from "./workers.server";
import { jobResult } from "../../test/helpers/jobs";

const running: Workers[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((workers) => workers.close(5_000)));
});

function start(jobs: readonly AnyJobHandler<{ db: Db }>[]) {
  const settings = config();
  const workers = startWorkers({ redisUrl: settings.REDIS_URL, prefix: settings.REDIS_PREFIX, jobs, services: { db: db() }, db: db(), log, concurrency: 2 });
  running.push(workers);
  return workers;
}

describe("jobs", () => {
  it("given expired and live sessions, when the purge job is enqueued, then a real worker deletes only the dead ones and keeps staff members' names past their token", async () => {
    const past = new Date(Date.now() - 3600_000);
    const future = new Date(Date.now() + 3600_000);
    await db().session.createMany({
      data: [
        { id: "dead", shop: "a.myshopify.com", state: "", accessToken: "t", expires: past },
        { id: "refreshable", shop: "a.myshopify.com", state: "", accessToken: "t", expires: past, refreshTokenExpires: future },
        { id: "live", shop: "b.myshopify.com", state: "", accessToken: "t", expires: future },
        { id: "offline-forever", shop: "b.myshopify.com", state: "", accessToken: "t" },
        // Staff members' online sessions: one expired yesterday, one not seen for longer than the directory keeps them.
        { id: "b.myshopify.com_1", shop: "b.myshopify.com", state: "", isOnline: true, userId: 1, accessToken: "t", expires: past },
        { id: "b.myshopify.com_2", shop: "b.myshopify.com", state: "", isOnline: true, userId: 2, accessToken: "t", expires: new Date(Date.now() - (STAFF_DIRECTORY_DAYS + 1) * 86_400_000) },
      ],
    });
    start(sessionJobHandlers);

    const job = await enqueue(queues(), purgeExpiredSessionsJob, {});

    expect(await jobResult(job, purgeExpiredSessionsJob.queue)).toEqual({ deleted: 2, tokensCleared: 1 });
    expect((await db().session.findMany({ orderBy: { id: "asc" } })).map((s) => [s.id, s.accessToken])).toEqual([
      ["b.myshopify.com_1", ""],
      ["live", "t"],
      ["offline-forever", "t"],
      ["refreshable", "t"],
    ]);
  });

  it("given a payload that breaks the job's schema, then enqueue refuses it before it reaches Redis", async () => {
    await expect(enqueue(queues(), purgeExpiredSessionsJob, { email: "x@example.com" } as never)).rejects.toThrow();
    const queue = await queues().get("maintenance");
    expect(await queue.getJobCounts("waiting", "delayed")).toEqual({ waiting: 0, delayed: 0 });
  });

  it("given Redis is down, then enqueue fails with the reason instead of hanging", async () => {
    const dead = createQueues({ redisUrl: "redis://127.0.0.1:1", prefix: "unused" });
    await expect(enqueue(dead, purgeExpiredSessionsJob, {})).rejects.toThrow(/Redis is not reachable/);
    await dead.close();
  });

  it("given a job is running, when the worker is asked to stop, then it finishes the job before closing", async () => {
    let finished = false;
    const slowJob = defineJobType({
      queue: "maintenance",
      name: "test.slow",
      payload: z.object({ ms: z.number() }),
      options: { ...DEFAULT_JOB_OPTIONS, attempts: 1 },
    });
    const workers = start([
      defineJobHandler(slowJob, async ({ ms }) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        finished = true;
        return "done";
      }),
    ]);
    const job = await enqueue(queues(), slowJob, { ms: 400 });
    await expect.poll(async () => (await (await queues().get("maintenance")).getJobState(job.id!)), { timeout: 5_000 }).toBe("active");

    await workers.close(5_000);
    running.splice(running.indexOf(workers), 1);

    expect(finished).toBe(true);
    expect(await (await queues().get("maintenance")).getJobState(job.id!)).toBe("completed");
  });
});
