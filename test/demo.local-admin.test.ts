// `npm run demo`'s local admin: the demo shop's embedded admin opened in Chromium through the demo's
// own small server (App Bridge double, session tokens signed with the app secret), which answers only
// while it runs; the production app serves none of it, and the demo refuses to run in production.
import { spawnSync } from "node:child_process";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { recordInstallation } from "../app/shops/installation.server";
import { APP_BRIDGE_URL } from "../harness/app-bridge-double";
import { DEMO_SHOP } from "../scripts/lib/demo/demo-webhooks";
import { startLocalAdmin } from "../scripts/lib/demo/local-admin";
import { ROOT, startApp, type AppProcess } from "./helpers/app-process";
import { launchChromium } from "./helpers/chromium";
import { installShop } from "./helpers/shopify";

const DEMO_PATHS = ["/__demo/app-bridge.js", "/__demo/session-token"];
let app: AppProcess;
let browser: Browser;

beforeAll(async () => {
  await installShop(DEMO_SHOP);
  await recordInstallation({ db: db(), shop: DEMO_SHOP });
  app = await startApp("server.ts", { NODE_ENV: "production" });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const startDemoAdmin = () => startLocalAdmin({ appUrl: app.url, apiKey: config().SHOPIFY_API_KEY, secret: config().SHOPIFY_API_SECRET, shop: DEMO_SHOP });

describe("npm run demo: the local admin", () => {
  it("given the demo's admin server, when Home is opened and a link followed in Chromium, then the pages render with no console error", async () => {
    const admin = await startDemoAdmin();
    // Headless Chromium names itself "HeadlessChrome", which Shopify's library turns away as a bot.
    const userAgent = (await browser.newBrowserCDPSession().then((cdp) => cdp.send("Browser.getVersion"))).userAgent.replace("HeadlessChrome", "Chrome");
    const context = await browser.newContext({ userAgent });
    try {
      // Polaris' fonts and styles from Shopify's CDN: answered empty, nothing here may reach the internet.
      await context.route("https://cdn.shopify.com/**", (route) => route.fulfill({ contentType: "text/css", body: "" }));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
      page.on("pageerror", (error) => errors.push(error.message));
      expect((await page.goto(admin.url, { waitUntil: "networkidle" }))?.status()).toBe(200);
      expect(new URL(page.url()).searchParams.get("shop")).toBe(DEMO_SHOP);
      await expect.poll(() => page.locator("h1").allTextContents()).toEqual(["Home"]);
      // A client-side navigation: its data request carries the double's bearer token.
      await page.locator('main a[href^="/app/requests"]').first().click({ timeout: 10_000 });
      await expect.poll(() => page.locator("h1").allTextContents()).toEqual(["Privacy requests"]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await admin.close();
    }
  });

  it("given the demo's admin server, then its session tokens are the demo shop's, for this app, and short-lived", async () => {
    const admin = await startDemoAdmin();
    try {
      const token = await (await fetch(new URL("/__demo/session-token", admin.url))).text();
      const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { dest: string; aud: string; exp: number };
      expect(claims).toMatchObject({ dest: `https://${DEMO_SHOP}`, aud: config().SHOPIFY_API_KEY });
      expect(claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
      const document = await fetch(new URL("/app?embedded=1&shop=x", admin.url), { redirect: "manual" });
      expect(document.status).toBe(302);
    } finally {
      await admin.close();
    }
  });

  it("given the demo has stopped, then nothing answers at its address", async () => {
    const admin = await startDemoAdmin();
    await admin.close();
    await expect(fetch(admin.url)).rejects.toThrow();
  });

  it("given the production app, then it serves neither the double nor session tokens, and its documents load the real App Bridge", async () => {
    for (const path of DEMO_PATHS) expect({ path, status: (await fetch(`${app.url}${path}`)).status }).toEqual({ path, status: 404 });
    // An admin page opened without a session token bounces through App Bridge for one: Shopify's own.
    const host = Buffer.from(`admin.shopify.com/store/${DEMO_SHOP.replace(".myshopify.com", "")}`).toString("base64");
    const bounce = await fetch(`${app.url}/auth/session-token?embedded=1&shop=${DEMO_SHOP}&host=${host}&shopify-reload=${encodeURIComponent("/app")}`, { headers: { "user-agent": "Mozilla/5.0 Chrome/140.0" } });
    const page = await bounce.text();
    expect(page).toContain(APP_BRIDGE_URL);
    expect(page).not.toContain("__appBridgeDouble");
  });

  it("given NODE_ENV=production, when npm run demo is started, then it refuses before touching the database", async () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/demo.ts"], { cwd: ROOT, env: { ...process.env, NODE_ENV: "production" }, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("refuses to run with NODE_ENV=production");
    expect(await db().webhookDelivery.count({ where: { shop: DEMO_SHOP } })).toBe(0);
  });
});
