import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { deliverScopesUpdate, deliverUninstalled, scopesUpdatePayload } from "./helpers/app-webhooks";
import { customerRedactPayload, dataRequestPayload, deliver, shopRedactPayload } from "./helpers/compliance";
import { installShop, signInStaff } from "./helpers/shopify";

const SHOP_A = "shop-a.myshopify.com";
const SHOP_B = "shop-b.myshopify.com";

describe("app/uninstalled", () => {
  it("given a correctly signed delivery, when it arrives, then the shop's sessions, its staff members' online sessions among them, are gone and the shop is marked", async () => {
    await installShop(SHOP_A);
    await signInStaff(SHOP_A, { userId: "6001", firstName: "Named", lastName: "Staff" });
    await installShop(SHOP_B);
    expect(await db().session.count({ where: { shop: SHOP_A, isOnline: true } })).toBe(2);

    const response = await deliverUninstalled(SHOP_A);

    expect(response.status).toBe(200);
    expect(await db().session.count({ where: { shop: SHOP_A } })).toBe(0);
    expect((await db().shop.findUnique({ where: { domain: SHOP_A } }))?.uninstalledAt).toBeInstanceOf(Date);
    // Tenant isolation: the other shop keeps its sessions (offline and its staff member's) and stays installed.
    expect(await db().session.count({ where: { shop: SHOP_B } })).toBe(2);
    expect((await db().shop.findUnique({ where: { domain: SHOP_B } }))?.uninstalledAt ?? null).toBeNull();
  });

  it("given the same delivery twice, then the second is acknowledged and keeps the first uninstall time", async () => {
    const shop = "twice.myshopify.com";
    await installShop(shop);
    expect((await deliverUninstalled(shop, { webhookId: "same" })).status).toBe(200);
    const first = await db().shop.findUniqueOrThrow({ where: { domain: shop } });
    expect((await deliverUninstalled(shop, { webhookId: "same" })).status).toBe(200);
    const second = await db().shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(second.uninstalledAt).toEqual(first.uninstalledAt);
  });

  it("given a bad HMAC, then it answers 401 and nothing changes", async () => {
    const shop = "forged.myshopify.com";
    await installShop(shop);
    const response = await deliverUninstalled(shop, { hmac: "AAAA" + "b".repeat(40) });
    expect(response.status).toBe(401);
    expect(await db().session.count({ where: { shop } })).toBe(2);
    expect(await db().shop.findUnique({ where: { domain: shop } })).toBeNull();
  });

  it("given a missing webhook id header, then it answers 400 and nothing changes", async () => {
    const shop = "headless.myshopify.com";
    await installShop(shop);
    const response = await deliverUninstalled(shop, { omitHeaders: ["X-Shopify-Webhook-Id"] });
    expect(response.status).toBe(400);
    expect(await db().session.count({ where: { shop } })).toBe(2);
  });
});

describe("app/scopes_update", () => {
  it("given granted scopes, then the shop's sessions carry them and other shops' do not", async () => {
    await installShop("scopes-a.myshopify.com");
    await installShop("scopes-b.myshopify.com");
    const response = await deliverScopesUpdate("scopes-a.myshopify.com");
    expect(response.status).toBe(200);
    const [a, b] = await Promise.all(
      ["scopes-a.myshopify.com", "scopes-b.myshopify.com"].map((shop) => db().session.findFirstOrThrow({ where: { shop } })),
    );
    expect(a?.scope).toBe("read_customers,read_orders");
    expect(b?.scope).toBe("testScope");
  });

  it("given a payload without the current scopes, then it answers 422 and leaves the sessions as they were", async () => {
    await installShop("scopes-bad.myshopify.com");
    const withoutCurrent: Partial<ReturnType<typeof scopesUpdatePayload>> = scopesUpdatePayload(["read_orders"]);
    delete withoutCurrent.current;
    const response = await deliverScopesUpdate("scopes-bad.myshopify.com", { body: withoutCurrent });
    expect(response.status).toBe(422);
    expect((await db().session.findFirstOrThrow({ where: { shop: "scopes-bad.myshopify.com" } })).scope).toBe("testScope");
  });
});

describe("compliance webhooks", () => {
  const bodies = {
    "customers/data_request": dataRequestPayload(SHOP_A, 1),
    "customers/redact": customerRedactPayload(SHOP_A, 1),
    "shop/redact": shopRedactPayload(SHOP_A),
  };
  for (const [topic, body] of Object.entries(bodies)) {
    it(`given ${topic} with a good HMAC then 200, with a bad one then 401`, async () => {
      const good = await deliver(topic, SHOP_A, body);
      const bad = await deliver(topic, SHOP_A, body, { hmac: "bm90IHRoZSBobWFj" });
      expect(good.status).toBe(200);
      expect(bad.status).toBe(401);
    });
  }
});
