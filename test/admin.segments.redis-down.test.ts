// Redis stops while a merchant looks at the Segments page: the figures (from the database) still
// show, the jobs' part says it could not be read, and "retry failed" answers 503 with nothing audited.
import { beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis } from "./helpers/private-redis";

const redis = await startPrivateRedis();
process.env.REDIS_URL = redis.url;

const { db } = await import("../app/db.server");
const { addLogDestination, log } = await import("../app/log.server");
const { action, loader } = await import("../app/routes/app.segments");
const { insightColumns } = await import("../app/personalization/insights.server");
const { adminRequest, installShop, respond } = await import("./helpers/shopify");

const warnings: string[] = [];
addLogDestination({ write: (line: string) => void warnings.push(line) }, "warn");
// The suite logs errors only; this file reads the warnings the route writes.
log.level = "warn";

beforeAll(() => () => redis.stop());

describe("the Segments page with Redis down", () => {
  it("given Redis is stopped, then the page still shows the figures without queue health, and a retry answers 503 and audits nothing", async () => {
    const shop = "segments-outage.myshopify.com";
    await installShop(shop);
    const insight = { recency: 4, frequency: 2, monetary: 3, rfmGroup: "LOYAL" as const, cluster: null, clusterLabel: null, probabilityAlive: null, expectedPurchases90d: null, predictedValue12m: 40, recommendedProducts: [] };
    await db().customerInsight.create({ data: { shop, customerRef: "ref-outage", ...insightColumns({ shop, customerRef: "ref-outage", insight, scoredAt: new Date() }) } });
    await redis.stop();

    const page = await respond(async () => loader({ request: await adminRequest("/app/segments", shop), params: {}, context: {} }));
    const retry = await respond(async () => action({ request: await adminRequest("/app/segments", shop, { form: { intent: "retry-failed" } }), params: {}, context: {} }));
    await redis.start();

    expect(page.status).toBe(200);
    const { figures, health } = await page.json();
    expect(figures.customers).toBe(1);
    expect(health).toBeNull();
    expect(retry.status).toBe(503);
    expect(await retry.json()).toEqual({ retried: null, error: "queues-unavailable" });
    expect(await db().auditEvent.count({ where: { shop, action: "personalization.failed-jobs-retried" } })).toBe(0);
    const logged = warnings.join("");
    expect(logged).toContain("segments: queue health unavailable");
    expect(logged).toContain("segments: retry of failed jobs unavailable");
  });
});
