// `npm run demo`'s stand-in for Shopify: with the app's Admin API origin pointed at it, what the
// merchant does on Home reaches an answer in Shopify's shapes: "Start the sync" runs a bulk operation
// whose signed finish webhook arrives at the real web process and whose result file holds the demo's
// customers (not the one the demo erased), and "Turn off Shopify's banner" turns it off.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { action as homeAction, loader as homeLoader } from "../app/routes/app._index";
import { action as retireAction } from "../app/routes/app.consent.shopify-banner";
import { onlineRetail } from "../harness/online-retail";
import { DEMO_SHOP, planDemoShop } from "../scripts/lib/demo/demo-webhooks";
import { fillDemoShop } from "../scripts/lib/demo/fill-demo-shop";
import { startApp, type AppProcess } from "./helpers/app-process";
import { startJobProcessing } from "./helpers/jobs";
import { adminRequest, respond } from "./helpers/shopify";

const COUNT = 12;
// The stand-in calls the web process back, and the app reads its Admin API origin once per process:
// both addresses are fixed before the app's modules load.
const { shopify, port } = await vi.hoisted(async () => {
  const { freePort } = await import("../harness/free-port");
  const { onlineRetail: data } = await import("../harness/online-retail");
  const { startDemoShopify } = await import("../scripts/lib/demo/demo-shopify");
  const demo = await import("../scripts/lib/demo/demo-webhooks");
  const appPort = await freePort();
  const standIn = await startDemoShopify({
    appUrl: `http://127.0.0.1:${appPort}`,
    secret: process.env.SHOPIFY_API_SECRET!,
    shop: demo.DEMO_SHOP,
    customers: demo.planDemoShop({ items: data(), count: 12 }).kept,
  });
  process.env.SHOPIFY_ADMIN_API_ORIGIN = standIn.url;
  return { shopify: standIn, port: appPort };
});

let app: AppProcess;
const plan = planDemoShop({ items: onlineRetail(), count: COUNT });

beforeAll(async () => {
  app = await startApp("server.ts", { PORT: String(port), SHOPIFY_ADMIN_API_ORIGIN: shopify.url });
  startJobProcessing();
  await fillDemoShop({ appUrl: app.url, secret: config().SHOPIFY_API_SECRET, shop: DEMO_SHOP, items: onlineRetail(), count: COUNT, out: new Writable({ write: (_chunk, _encoding, done) => done() }) });
}, 180_000);
afterAll(async () => {
  await app?.stop();
  await shopify.close();
});

const home = async () => (await respond(async () => homeLoader({ request: await adminRequest("/app", DEMO_SHOP), params: {}, context: {} }))).json();

describe("npm run demo: Shopify answered locally", () => {
  it("given the filled demo shop, when the merchant starts the first full sync, then it completes from the stand-in's bulk file and brings back no erased customer", async () => {
    expect((await home()).setup).toMatchObject({ firstSyncDone: false, bannerEmbed: "enabled", shopifyBanner: "on" });
    const keptOrders = plan.kept.reduce((sum, customer) => sum + customer.orders.length, 0);

    const started = await respond(async () => homeAction({ request: await adminRequest("/app", DEMO_SHOP, { form: { intent: "sync-now" } }), params: {}, context: {} }));

    expect(started.status).toBe(200);
    await expect.poll(async () => (await db().syncState.findUnique({ where: { shop: DEMO_SHOP } }))?.lastFullSyncAt ?? null, { timeout: 60_000, interval: 250 }).not.toBeNull();
    expect((await home()).setup.firstSyncDone).toBe(true);
    expect(await db().customer.count({ where: { shop: DEMO_SHOP } })).toBe(COUNT - 1);
    expect(await db().order.count({ where: { shop: DEMO_SHOP } })).toBe(keptOrders);
  }, 90_000);

  it("given Shopify's banner still showing, when the merchant turns it off, then Home's step is done", async () => {
    const response = await respond(async () => retireAction({ request: await adminRequest("/app/consent/shopify-banner", DEMO_SHOP, { form: {} }), params: {}, context: {} }));

    expect(response.status).toBe(200);
    expect((await home()).setup.shopifyBanner).toBe("off");
  });
});
