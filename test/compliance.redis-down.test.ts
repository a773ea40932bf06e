// Redis stops while Shopify delivers: the webhook must still be accepted and stored, and the request
// processed once Redis is back. This file runs the app against a Redis server of its own.
import { beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis } from "./helpers/private-redis";

const redis = await startPrivateRedis();
process.env.REDIS_URL = redis.url;

const { db } = await import("../app/db.server");
const { customerRedactPayload, deliver, requestReaching } = await import("./helpers/compliance");
const { relayOnce, startJobProcessing } = await import("./helpers/jobs");

beforeAll(() => () => redis.stop());

describe("Redis down during delivery", () => {
  it("given Redis is stopped, when customers/redact arrives, then it is acknowledged and stored, and processed after Redis returns", async () => {
    const shop = "outage.myshopify.com";
    await redis.stop();

    const response = await deliver("customers/redact", shop, customerRedactPayload(shop, 314));

    expect(response.status).toBe(200);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    expect(request.status).toBe("received");
    // The relay cannot reach Redis: the outbox row stays, with the reason.
    expect(await relayOnce()).toEqual({ relayed: 0, failed: 1, deadLettered: 0 });
    const waiting = await db().outboxMessage.findFirstOrThrow({ where: { shop } });
    expect(waiting).toMatchObject({ relayedAt: null, lastError: expect.stringContaining("Redis") });

    await redis.start();
    startJobProcessing();

    const done = await requestReaching(shop, "customer_redact", "completed");
    expect(done.attempts).toBe(1);
    expect(await db().redactionReceipt.count({ where: { triggerId: { startsWith: request.id } } })).toBe(1);
    expect((await db().outboxMessage.findFirstOrThrow({ where: { id: waiting.id } })).relayedAt).toBeInstanceOf(Date);
  });
});
