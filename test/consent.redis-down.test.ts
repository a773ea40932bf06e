// Redis stops while shoppers choose: receipts must still be stored (the rate limit is skipped and the
// gap logged), because a lost receipt is a consent the merchant can no longer prove.
import { beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis } from "./helpers/private-redis";

const redis = await startPrivateRedis();
process.env.REDIS_URL = redis.url;

const { db } = await import("../app/db.server");
const { addLogDestination, log } = await import("../app/log.server");
const { proxyRequest, receiptBody, sendReceipt } = await import("./helpers/consent-receipts");

const warnings: string[] = [];
addLogDestination({ write: (line: string) => void warnings.push(line) }, "warn");
// The suite logs errors only; this file reads the warning the route writes.
log.level = "warn";

beforeAll(() => () => redis.stop());

describe("Redis down while receipts arrive", () => {
  it("given Redis is stopped, when a signed receipt arrives, then it is stored, answered 204, and the missing rate limit is logged without personal data", async () => {
    const shop = "receipt-outage.myshopify.com";
    await redis.stop();

    const response = await sendReceipt(proxyRequest({ shop, customerId: "880", body: receiptBody(), ip: "192.0.2.44" }));
    await redis.start();

    expect(response.status).toBe(204);
    expect(await db().consentReceipt.count({ where: { shop } })).toBe(1);
    const logged = warnings.join("");
    expect(logged).toContain("rate limit unavailable");
    expect(logged).not.toContain("192.0.2.44");
    expect(logged).not.toMatch(/"880"|customer_id=880/);
  });
});
