// `npm run demo`: the app with a demo shop in it, without a Shopify store. Starts the app unless it
// runs already, fills consent-vault-demo.myshopify.com through the real signed-webhook path (customers
// and orders from the Online Retail data set, consent updates, a data request, a redaction), then
// serves the shop's embedded admin locally until Ctrl-C. What the app asks Shopify's Admin API is
// answered locally too (scripts/lib/demo/demo-shopify.ts), when the demo starts the app itself. Options: --customers <n> (default 300),
// --admin-port <n> (default 3200), --locale <en|de>, --data <Online Retail .csv.gz>.
import "./lib/load-env.mjs";
import { parseArgs } from "node:util";
import { loadConfig } from "../app/config.server";
import { ONLINE_RETAIL, readOnlineRetailFile } from "../harness/online-retail";
import { ensureDemoApp } from "./lib/demo/demo-app";
import { startDemoShopify } from "./lib/demo/demo-shopify";
import { DEMO_SHOP, planDemoShop } from "./lib/demo/demo-webhooks";
import { fillDemoShop } from "./lib/demo/fill-demo-shop";
import { startLocalAdmin } from "./lib/demo/local-admin";

const { values } = parseArgs({
  options: {
    customers: { type: "string", default: "300" },
    "admin-port": { type: "string", default: "3200" },
    locale: { type: "string", default: "en" },
    data: { type: "string", default: ONLINE_RETAIL },
  },
});
const settings = loadConfig();
// Invented customers and a session token anyone on this machine can fetch have no place in production.
if (settings.NODE_ENV === "production") {
  console.error("npm run demo refuses to run with NODE_ENV=production: it writes a demo shop into the database and serves its admin without Shopify.");
  process.exit(1);
}
const count = Number(values.customers);
if (!Number.isInteger(count) || count < 2) {
  console.error("--customers must be a whole number of at least 2");
  process.exit(1);
}

console.log(`[demo] reading ${values.data}`);
const items = readOnlineRetailFile(values.data);
const appUrl = `http://127.0.0.1:${settings.PORT}`;
const shopify = await startDemoShopify({ appUrl, secret: settings.SHOPIFY_API_SECRET, shop: DEMO_SHOP, customers: planDemoShop({ items, count }).kept });
const app = await ensureDemoApp({ port: settings.PORT, env: { SHOPIFY_ADMIN_API_ORIGIN: shopify.url }, log: (line) => console.log(`[demo] ${line}`) });
if (!app.started) {
  console.log("[demo] The app was already running, so it asks the real Shopify: pages that check the theme or Shopify's banner say they could not check, and Sync now fails. Stop it and run npm run demo alone to have Shopify answered locally.");
}
try {
  console.log(`[demo] filling ${DEMO_SHOP} at ${app.url} through its webhook routes`);
  const fill = await fillDemoShop({ appUrl: app.url, secret: settings.SHOPIFY_API_SECRET, shop: DEMO_SHOP, items, count });
  console.log(`[demo] ${fill.customers} customers, ${fill.orders} orders, ${fill.consents} consent updates and ${fill.requests} privacy requests in ${(fill.elapsedMs / 1000).toFixed(1)} s (a second run adds nothing)`);
} catch (error) {
  await app.stop();
  await shopify.close();
  throw error;
}

const admin = await startLocalAdmin({ appUrl: app.url, apiKey: settings.SHOPIFY_API_KEY, secret: settings.SHOPIFY_API_SECRET, shop: DEMO_SHOP, port: Number(values["admin-port"]), locale: values.locale });
console.log(`
The demo shop's admin, as Shopify's admin would show it (App Bridge stood in for, session tokens signed locally):

    ${admin.url}

Served from this machine only, and only while this command runs. Ctrl-C stops it${app.started ? " and the app" : ""}.`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void admin.close().then(() => app.stop()).then(() => shopify.close()).then(() => process.exit(0));
  });
}
