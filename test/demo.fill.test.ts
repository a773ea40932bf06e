// `npm run demo`'s fill against the app as it runs in production: the demo shop's customers, orders,
// consent updates and privacy requests arrive as signed webhooks at the real routes of a real web
// process and are applied by real workers; a second fill is answered as redeliveries and adds nothing.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { onlineRetail } from "../harness/online-retail";
import { fillDemoShop } from "../scripts/lib/demo/fill-demo-shop";
import { DEMO_SHOP, planDemoShop } from "../scripts/lib/demo/demo-webhooks";
import { startApp, type AppProcess } from "./helpers/app-process";
import { startJobProcessing } from "./helpers/jobs";

const COUNT = 12;
const OTHER_SHOP = "demo-neighbour.myshopify.com";
let app: AppProcess;
let printed = "";
const out = new Writable({ write: (chunk, _encoding, done) => ((printed += String(chunk)), done()) });

beforeAll(async () => {
  app = await startApp("server.ts");
}, 180_000);
afterAll(() => app?.stop());

const fill = (shop = DEMO_SHOP) => fillDemoShop({ appUrl: app.url, secret: config().SHOPIFY_API_SECRET, shop, items: onlineRetail(), count: COUNT, out });

async function shopCounts(shop: string) {
  const where = { where: { shop } };
  const [customers, orders, emailConsents, deliveries, requests] = await Promise.all([
    db().customer.count(where),
    db().order.count(where),
    db().customer.count({ where: { shop, emailMarketingState: { not: null } } }),
    db().webhookDelivery.count(where),
    db().privacyRequest.findMany({ where: { shop }, select: { type: true, status: true }, orderBy: { type: "asc" } }),
  ]);
  return { customers, orders, emailConsents, deliveries, requests };
}

describe("npm run demo: the fill", () => {
  const plan = planDemoShop({ items: onlineRetail(), count: COUNT });
  const erasedOrders = (plan.requests[1]!.payload as { orders_to_redact: number[] }).orders_to_redact.length;

  it("given a running app, when the demo shop is filled, then its customers, orders, consents and both requests arrive through the webhook routes", async () => {
    startJobProcessing();
    const result = await fill();
    expect(result).toMatchObject({ customers: COUNT, orders: plan.orders.length, consents: COUNT / 2, requests: 2 });
    const counts = await shopCounts(DEMO_SHOP);
    // The redaction erased one customer and their orders; the data request was answered.
    expect(counts).toMatchObject({ customers: COUNT - 1, orders: plan.orders.length - erasedOrders, deliveries: COUNT + plan.orders.length + COUNT / 2 + 2 });
    expect(counts.emailConsents).toBeGreaterThan(0);
    expect(counts.requests).toEqual([
      { type: "customer_redact", status: "completed" },
      { type: "data_request", status: "completed" },
    ]);
    expect(printed).toContain(`customers        [${"#".repeat(30)}] ${COUNT}/${COUNT}`);
    expect(printed).toContain(`privacy requests [${"#".repeat(30)}] 2/2`);
    // Invented names only: what the vault holds is sealed, never the plain address.
    const stored = JSON.stringify(await db().customer.findMany({ where: { shop: DEMO_SHOP } }));
    expect(stored).not.toContain("@demo-customers.example");
  });

  it("given a filled demo shop, when it is filled again, then nothing is added", async () => {
    startJobProcessing();
    const before = await shopCounts(DEMO_SHOP);
    await fill();
    expect(await shopCounts(DEMO_SHOP)).toEqual(before);
  });

  it("given the demo shop is filled, then another shop sees none of it", async () => {
    expect(await shopCounts(OTHER_SHOP)).toEqual({ customers: 0, orders: 0, emailConsents: 0, deliveries: 0, requests: [] });
  });
});
