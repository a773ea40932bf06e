// What a correctly signed webhook may make the app do. Shopify's HMAC covers the body only: topic,
// shop, webhook id and trigger time are unsigned headers (decision 006). Every request here carries a
// valid signature and goes through the real route actions.
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { action as syncAction } from "../app/routes/webhooks.sync";
import { recordInstallation, recordUninstallation } from "../app/shops/installation.server";
import { deliverScopesUpdate, deliverUninstalled, scopesUpdatePayload, uninstalledPayload } from "./helpers/app-webhooks";
import { customerRedactPayload, dataRequestPayload, deliver, shopRedactPayload } from "./helpers/compliance";
import { installShop, respond, webhookRequest } from "./helpers/shopify";

const HOUR_MS = 3600 * 1000;
const triggeredAt = (value: string) => ({ headers: { "X-Shopify-Triggered-At": value } });
const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS).toISOString();

/** Everything a delivery could have stored or changed for the shop. */
async function shopState(shop: string) {
  const [deliveries, requests, outbox, sessions, row] = await Promise.all([
    db().webhookDelivery.count({ where: { shop } }),
    db().privacyRequest.count({ where: { shop } }),
    db().outboxMessage.count({ where: { shop } }),
    db().session.count({ where: { shop } }),
    db().shop.findUnique({ where: { domain: shop } }),
  ]);
  return { deliveries, requests, outbox, sessions, uninstalledAt: row?.uninstalledAt ?? null };
}

async function installedShop(shop: string) {
  await installShop(shop);
  await recordInstallation({ db: db(), shop });
  return shopState(shop);
}

describe("a signed body replayed under another topic", () => {
  it("given a customers/data_request body re-sent as shop/redact, then 422 and the shop is neither erased nor touched", async () => {
    const shop = "replayed-as-shop-redact.myshopify.com";
    const before = await installedShop(shop);
    const response = await deliver("shop/redact", shop, dataRequestPayload(shop, 191167, [299938]));
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(/customer/);
    expect(await shopState(shop)).toEqual(before);
  });

  it("given a customers/redact body sent to the uninstall address as customers/redact, then 400 and nothing is scheduled", async () => {
    const shop = "replayed-to-uninstall.myshopify.com";
    const before = await installedShop(shop);
    const response = await deliverUninstalled(shop, { topic: "customers/redact", body: customerRedactPayload(shop, 5) });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/X-Shopify-Topic/);
    expect(await shopState(shop)).toEqual(before);
  });

  it("given a customers/redact body sent to the uninstall address as app/uninstalled, then 422 and nothing is scheduled", async () => {
    const shop = "relabelled-uninstall.myshopify.com";
    const before = await installedShop(shop);
    const response = await deliverUninstalled(shop, { body: customerRedactPayload(shop, 5) });
    expect(response.status).toBe(422);
    expect((await response.json()).error).toMatch(/myshopify_domain/);
    expect(await shopState(shop)).toEqual(before);
  });

  it("given another shop's app/uninstalled body under this shop's header, then 422 and this shop stays installed", async () => {
    const shop = "victim.myshopify.com";
    const before = await installedShop(shop);
    const response = await deliverUninstalled(shop, { body: uninstalledPayload("someone-else.myshopify.com") });
    expect(response.status).toBe(422);
    expect(await shopState(shop)).toEqual(before);
  });

  it("given a customers/redact body sent to the scopes address, under either topic, then it is refused and the scopes stay", async () => {
    const shop = "replayed-to-scopes.myshopify.com";
    await installedShop(shop);
    const asItself = await deliverScopesUpdate(shop, { topic: "customers/redact", body: customerRedactPayload(shop, 5) });
    const relabelled = await deliverScopesUpdate(shop, { body: customerRedactPayload(shop, 5) });
    expect([asItself.status, relabelled.status]).toEqual([400, 422]);
    expect((await db().session.findFirstOrThrow({ where: { shop } })).scope).toBe("testScope");
  });

  it("given a compliance topic sent to the sync address, then 400 and nothing is stored", async () => {
    const shop = "replayed-to-sync.myshopify.com";
    const request = webhookRequest({ path: "/webhooks/sync", topic: "shop/redact", shop, body: shopRedactPayload(shop) });
    const response = await respond(() => syncAction({ request, params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect(await shopState(shop)).toMatchObject({ deliveries: 0, outbox: 0 });
  });
});

describe("each compliance topic's documented shape, strictly", () => {
  const cases: [string, string, (shop: string) => unknown, RegExp][] = [
    ["shop/redact", "with a customer", (shop) => ({ ...shopRedactPayload(shop), customer: { id: 1 } }), /customer/],
    ["shop/redact", "with orders to redact", (shop) => ({ ...shopRedactPayload(shop), orders_to_redact: [1] }), /orders_to_redact/],
    ["customers/redact", "without a customer", (shop) => ({ ...shopRedactPayload(shop), orders_to_redact: [1] }), /customer/],
    ["customers/redact", "with a data request", (shop) => ({ ...customerRedactPayload(shop, 1), data_request: { id: 9 } }), /data_request/],
    ["customers/data_request", "without data_request", (shop) => ({ ...shopRedactPayload(shop), customer: { id: 1 }, orders_requested: [] }), /data_request/],
    ["customers/data_request", "with orders to redact", (shop) => ({ ...dataRequestPayload(shop, 1), orders_to_redact: [1] }), /orders_to_redact/],
  ];
  for (const [topic, what, body, field] of cases) {
    it(`given ${topic} ${what}, then 422 naming the field and nothing is stored`, async () => {
      const shop = `strict-${topic}-${what}`.replace(/[^a-z]+/g, "-") + ".myshopify.com";
      const response = await deliver(topic, shop, body(shop));
      expect(response.status).toBe(422);
      expect((await response.json()).error).toMatch(field);
      expect(await shopState(shop)).toMatchObject({ deliveries: 0, requests: 0, outbox: 0 });
    });
  }

  it("given a customer object with a field Shopify may add, then the request is still accepted", async () => {
    const shop = "customer-extra-field.myshopify.com";
    const body = customerRedactPayload(shop, 7);
    const response = await deliver("customers/redact", shop, { ...body, customer: { ...body.customer, state: "enabled" } });
    expect(response.status).toBe(200);
  });

  it("given an app/uninstalled shop object with fields the app does not know, then it is accepted", async () => {
    const shop = "shop-object-grows.myshopify.com";
    await installedShop(shop);
    const response = await deliverUninstalled(shop, { body: { ...uninstalledPayload(shop), a_field_added_later: true } });
    expect(response.status).toBe(200);
  });

  it("given app/scopes_update with a field outside its documented shape, then 422", async () => {
    const shop = "scopes-extra.myshopify.com";
    await installedShop(shop);
    const response = await deliverScopesUpdate(shop, { body: { ...scopesUpdatePayload(["read_orders"]), customer: { id: 1 } } });
    expect(response.status).toBe(422);
  });
});

describe("shop/redact for a shop that is installed now", () => {
  it("given an installed shop, then shop/redact is accepted but held for the merchant with a reason, and nothing is erased", async () => {
    const shop = "still-installed.myshopify.com";
    await installedShop(shop);
    const response = await deliver("shop/redact", shop, shopRedactPayload(shop));
    expect(response.status).toBe(200);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop, type: "shop_redact" } });
    expect(request.status).toBe("on_hold");
    expect(request.lastError).toMatch(/still installed/);
    expect(await shopState(shop)).toMatchObject({ deliveries: 1, requests: 1, outbox: 0, sessions: 2, uninstalledAt: null });
  });

  it("given a shop known only by its offline session (no Shop row yet), then shop/redact is held too", async () => {
    const shop = "session-only.myshopify.com";
    await installShop(shop);
    expect((await deliver("shop/redact", shop, shopRedactPayload(shop))).status).toBe(200);
    expect(await db().privacyRequest.findFirstOrThrow({ where: { shop } })).toMatchObject({ status: "on_hold" });
  });

  it("given an uninstalled shop, then shop/redact is queued to run", async () => {
    const shop = "gone.myshopify.com";
    await installedShop(shop);
    await recordUninstallation({ db: db(), shop });
    expect((await deliver("shop/redact", shop, shopRedactPayload(shop))).status).toBe(200);
    expect(await db().privacyRequest.findFirstOrThrow({ where: { shop } })).toMatchObject({ status: "received", lastError: null });
  });
});

describe("X-Shopify-Triggered-At", () => {
  it("given an app/uninstalled triggered in 2019, then 400 and the shop stays installed", async () => {
    const shop = "stale-uninstall.myshopify.com";
    const before = await installedShop(shop);
    const response = await deliverUninstalled(shop, triggeredAt("2019-05-01T10:00:00.000Z"));
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/X-Shopify-Triggered-At/);
    expect(await shopState(shop)).toEqual(before);
  });

  it("given an app/uninstalled without a trigger time, or one an hour ahead, then 400 and nothing changes", async () => {
    const shop = "untimed-uninstall.myshopify.com";
    const before = await installedShop(shop);
    const missing = await deliverUninstalled(shop, { omitHeaders: ["X-Shopify-Triggered-At"] });
    const ahead = await deliverUninstalled(shop, triggeredAt(hoursAgo(-1)));
    expect([missing.status, ahead.status]).toEqual([400, 400]);
    expect(await shopState(shop)).toEqual(before);
  });

  it("given a delivery retried 4 hours after its trigger, with Shopify's nanosecond precision, then it is accepted", async () => {
    const shop = "late-retry.myshopify.com";
    await installedShop(shop);
    const fourHoursAgo = hoursAgo(4).replace(/\.(\d{3})Z$/, ".$1456789Z");
    expect((await deliverUninstalled(shop, triggeredAt(fourHoursAgo))).status).toBe(200);
  });

  it("given a customers/redact triggered in 2019, then it is kept but held for the merchant, not carried out", async () => {
    const shop = "stale-redact.myshopify.com";
    const response = await deliver("customers/redact", shop, customerRedactPayload(shop, 5), triggeredAt("2019-05-01T10:00:00.000Z"));
    expect(response.status).toBe(200);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    expect(request.status).toBe("on_hold");
    expect(request.lastError).toMatch(/X-Shopify-Triggered-At is more than 24 hours old/);
    expect(await shopState(shop)).toMatchObject({ deliveries: 1, requests: 1, outbox: 0 });
  });

  it("given a customers/data_request without a trigger time, then it is kept but held", async () => {
    const shop = "untimed-request.myshopify.com";
    const response = await deliver("customers/data_request", shop, dataRequestPayload(shop, 5), { omitHeaders: ["X-Shopify-Triggered-At"] });
    expect(response.status).toBe(200);
    expect(await db().privacyRequest.findFirstOrThrow({ where: { shop } })).toMatchObject({ status: "on_hold", lastError: expect.stringMatching(/missing/) });
  });
});

describe("odd headers on a signed request", () => {
  const odd: [string, Record<string, string>][] = [
    ["a shop header that is not *.myshopify.com", { "X-Shopify-Shop-Domain": "evil.example.com" }],
    ["a 10 KB shop header", { "X-Shopify-Shop-Domain": `${"a".repeat(10 * 1024)}.myshopify.com` }],
    ["a shop header in capitals", { "X-Shopify-Shop-Domain": "Odd-Case.myshopify.com" }],
    ["an unparsable trigger time", { "X-Shopify-Triggered-At": "yesterday-ish" }],
    ["a trigger time in the year 99999", { "X-Shopify-Triggered-At": "99999-01-01T00:00:00Z" }],
    ["a trigger time in the expanded year +099999", { "X-Shopify-Triggered-At": "+099999-01-01T00:00:00.000Z" }],
    ["a trigger time with an impossible date", { "X-Shopify-Triggered-At": "2026-02-31T10:00:00Z" }],
    ["a 10 KB webhook id", { "X-Shopify-Webhook-Id": "w".repeat(10 * 1024) }],
  ];
  for (const [what, headers] of odd) {
    it(`given ${what}, then every webhook address answers 400 and stores nothing`, async () => {
      const shop = "odd-headers.myshopify.com";
      await installedShop(shop);
      const before = await shopState(shop);
      const deliveriesBefore = await db().webhookDelivery.count();
      const sync = webhookRequest({ path: "/webhooks/sync", topic: "customers/delete", shop, body: { id: 1 }, headers });
      const statuses = [
        (await deliver("shop/redact", shop, shopRedactPayload(shop), { headers })).status,
        (await deliver("customers/redact", shop, customerRedactPayload(shop, 1), { headers })).status,
        (await deliverUninstalled(shop, { headers })).status,
        (await deliverScopesUpdate(shop, { headers })).status,
        (await respond(() => syncAction({ request: sync, params: {}, context: {} }))).status,
      ];
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      expect(await shopState(shop)).toEqual(before);
      // Nothing under any spelling of the shop either.
      expect(await db().webhookDelivery.count()).toBe(deliveriesBefore);
    });
  }
});
