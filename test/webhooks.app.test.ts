import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { action as scopesUpdate } from "../app/routes/webhooks.app.scopes_update";
import { action as uninstalled } from "../app/routes/webhooks.app.uninstalled";
import { action as compliance } from "../app/routes/webhooks.compliance";
import { installShop, respond, webhookRequest } from "./helpers/shopify";

const SHOP_A = "shop-a.myshopify.com";
const SHOP_B = "shop-b.myshopify.com";

const uninstall = (shop: string, extra: Partial<Parameters<typeof webhookRequest>[0]> = {}) =>
  respond(() =>
    uninstalled({
      request: webhookRequest({ path: "/webhooks/app/uninstalled", topic: "app/uninstalled", shop, body: { id: 1 }, ...extra }),
      params: {},
      context: {},
    }),
  );

describe("app/uninstalled", () => {
  it("given a correctly signed delivery, when it arrives, then the shop's sessions are gone and the shop is marked", async () => {
    await installShop(SHOP_A);
    await installShop(SHOP_B);

    const response = await uninstall(SHOP_A);

    expect(response.status).toBe(200);
    expect(await db().session.count({ where: { shop: SHOP_A } })).toBe(0);
    expect((await db().shop.findUnique({ where: { domain: SHOP_A } }))?.uninstalledAt).toBeInstanceOf(Date);
    // Tenant isolation: the other shop keeps its session and stays installed.
    expect(await db().session.count({ where: { shop: SHOP_B } })).toBe(1);
    expect((await db().shop.findUnique({ where: { domain: SHOP_B } }))?.uninstalledAt ?? null).toBeNull();
  });

  it("given the same delivery twice, then the second is acknowledged and keeps the first uninstall time", async () => {
    const shop = "twice.myshopify.com";
    await installShop(shop);
    expect((await uninstall(shop, { webhookId: "same" })).status).toBe(200);
    const first = await db().shop.findUniqueOrThrow({ where: { domain: shop } });
    expect((await uninstall(shop, { webhookId: "same" })).status).toBe(200);
    const second = await db().shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(second.uninstalledAt).toEqual(first.uninstalledAt);
  });

  it("given a bad HMAC, then it answers 401 and nothing changes", async () => {
    const shop = "forged.myshopify.com";
    await installShop(shop);
    const response = await uninstall(shop, { hmac: "AAAA" + "b".repeat(40) });
    expect(response.status).toBe(401);
    expect(await db().session.count({ where: { shop } })).toBe(1);
    expect(await db().shop.findUnique({ where: { domain: shop } })).toBeNull();
  });

  it("given a missing webhook id header, then it answers 400 and nothing changes", async () => {
    const shop = "headless.myshopify.com";
    await installShop(shop);
    const response = await uninstall(shop, { omitHeaders: ["X-Shopify-Webhook-Id"] });
    expect(response.status).toBe(400);
    expect(await db().session.count({ where: { shop } })).toBe(1);
  });
});

describe("app/scopes_update", () => {
  it("given granted scopes, then the shop's sessions carry them and other shops' do not", async () => {
    await installShop("scopes-a.myshopify.com");
    await installShop("scopes-b.myshopify.com");
    const response = await respond(() =>
      scopesUpdate({
        request: webhookRequest({
          path: "/webhooks/app/scopes_update",
          topic: "app/scopes_update",
          shop: "scopes-a.myshopify.com",
          body: { id: 1, previous: ["read_customers"], current: ["read_customers", "read_orders"] },
        }),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(200);
    const [a, b] = await Promise.all(
      ["scopes-a.myshopify.com", "scopes-b.myshopify.com"].map((shop) => db().session.findFirstOrThrow({ where: { shop } })),
    );
    expect(a?.scope).toBe("read_customers,read_orders");
    expect(b?.scope).toBe("testScope");
  });

  it("given a payload without the current scopes, then it answers 422 and leaves the sessions as they were", async () => {
    await installShop("scopes-bad.myshopify.com");
    const response = await respond(() =>
      scopesUpdate({
        request: webhookRequest({ path: "/webhooks/app/scopes_update", topic: "app/scopes_update", shop: "scopes-bad.myshopify.com", body: { id: 1 } }),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(422);
    expect((await db().session.findFirstOrThrow({ where: { shop: "scopes-bad.myshopify.com" } })).scope).toBe("testScope");
  });
});

describe("compliance webhooks", () => {
  for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
    it(`given ${topic} with a good HMAC then 200, with a bad one then 401`, async () => {
      const body = { shop_id: 1, shop_domain: SHOP_A, customer: { id: 1 }, orders_to_redact: [], orders_requested: [] };
      const good = await respond(() =>
        compliance({ request: webhookRequest({ path: "/webhooks/compliance", topic, shop: SHOP_A, body }), params: {}, context: {} }),
      );
      const bad = await respond(() =>
        compliance({
          request: webhookRequest({ path: "/webhooks/compliance", topic, shop: SHOP_A, body, hmac: "bm90IHRoZSBobWFj" }),
          params: {},
          context: {},
        }),
      );
      expect(good.status).toBe(200);
      expect(bad.status).toBe(401);
    });
  }
});
