// Redis stops while shoppers use the privacy center: a logged-in customer's request is still taken
// (a lost request is a missed legal deadline), a guest's email link is refused with 503 (without the
// rate limit anyone could flood an inbox), and nothing is half done.
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { beforeAll, describe, expect, it } from "vitest";
import { signedProxyQuery } from "../harness/app-proxy";
import { startPrivateRedis } from "./helpers/private-redis";
import { startSmtpServer } from "./helpers/smtp";

const redis = await startPrivateRedis();
process.env.REDIS_URL = redis.url;
const smtp = await startSmtpServer();
process.env.SMTP_URL = smtp.url;

const { db } = await import("../app/db.server");
const { log } = await import("../app/log.server");
const { action, loader } = await import("../app/routes/proxy.privacy");
const { APP_URL, respond } = await import("./helpers/shopify");

// The suite logs errors only; the warnings this outage causes are expected.
log.level = "error";

beforeAll(() => async () => {
  await redis.stop();
  await smtp.close();
});

const url = (shop: string, customerId = "") => `${APP_URL}/proxy/privacy?${signedProxyQuery({ shop, customerId, secret: API_SECRET_KEY })}`;

async function ask(shop: string, customerId: string, fields: Record<string, string>) {
  const page = await (await respond(() => loader({ request: new Request(url(shop, customerId)), params: {}, context: {} }))).text();
  const form = /name="form" value="([^"]+)"/.exec(page)![1]!;
  const request = new Request(url(shop, customerId), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.9" },
    body: new URLSearchParams({ intent: "request", form, ...fields }),
  });
  return respond(() => action({ request, params: {}, context: {} }));
}

describe("the privacy center while Redis is down", () => {
  it("given Redis is stopped, then a logged-in customer's request is stored and a guest's email link is refused with 503 and not sent", async () => {
    const shop = "center-outage.myshopify.com";
    await redis.stop();

    const customer = await ask(shop, "9101", { type: "data_request" });
    const guest = await ask(shop, "", { type: "data_request", email: "guest.outage@mail.example.com" });
    await redis.start();

    expect(customer.status).toBe(200);
    expect(await db().privacyRequest.count({ where: { shop, source: "storefront" } })).toBe(1);
    expect(await db().outboxMessage.count({ where: { shop } })).toBe(1);
    expect(guest.status).toBe(503);
    expect(await db().storefrontLink.count({ where: { shop } })).toBe(0);
    expect(smtp.received).toEqual([]);
  });
});
