// The Consent page as a merchant's browser shows it: the real web server (production build) in
// front of a throw-away database, Shopify's Admin API answered from documented shapes, the page
// opened in Chromium with a signed session token, and axe run over what it renders.
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { adminApiFixture, startAdminApiServer, type AdminApiServer } from "../harness/admin-api-server";
import { newConsentId } from "../harness/app-proxy";
import { startApp, type AppProcess } from "./helpers/app-process";
import { openAdminTab } from "./helpers/admin-browser";
import { launchChromium } from "./helpers/chromium";
import { adminRequest, installShop } from "./helpers/shopify";

const SHOP = "consent-page.myshopify.com";
const EMPTY_SHOP = "consent-page-empty.myshopify.com";
// Shopify's library turns bots away (410); the admin is loaded by browsers.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";

let admin: AdminApiServer;
let web: AppProcess;
let browser: Browser;

beforeAll(async () => {
  admin = await startAdminApiServer();
  admin.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-on") });
  [web, browser] = await Promise.all([startApp("server.ts", { SHOPIFY_ADMIN_API_ORIGIN: admin.url }), launchChromium()]);
  await Promise.all([installShop(SHOP), installShop(EMPTY_SHOP)]);
  const now = Date.now();
  const choices = [
    { analytics: true, marketing: true, preferences: true, saleOfData: true, region: "DEBE" },
    { analytics: false, marketing: false, preferences: false, saleOfData: false, region: "FRIDF" },
    { analytics: true, marketing: false, preferences: true, saleOfData: false, region: "DEBE" },
  ];
  await storeTrackerScans(SHOP);
  await db().consentReceipt.createMany({
    data: Array.from({ length: 30 }, (_, index) => {
      const at = new Date(now - (index % 10) * 24 * 3600 * 1000);
      const { region, ...choice } = choices[index % 3]!;
      return { id: `page-${index}`, shop: SHOP, requestKey: `page-${index}`, consentId: newConsentId(), ...choice, region, revision: 1, language: "en", declaredAt: at, recordedAt: at, path: "/" };
    }),
  });
}, 180_000);

/** Two scans as the scan job stores them: the later one found a tracker the earlier did not. */
async function storeTrackerScans(shop: string) {
  const tracker = (name: string, vendor: string | null, category: string | null, extra: object = {}) => ({
    name, vendor, category, purpose: null, hosts: [], kinds: ["script"], sources: ["theme"], apps: [], pages: ["/"], cookies: [], storageKeys: [],
    loadedBeforeConsent: false, held: true, fetchedWhileHeld: false, ...extra,
  });
  const earlier = [tracker("Google Tag", "Google", "marketing", { fetchedWhileHeld: true }), tracker("Hotjar", "Hotjar", "analytics")];
  const later = [...earlier, tracker("Facebook", "Meta", "marketing", { sources: ["app embed"], apps: ["facebook-channel"] }), tracker("cdn.trackly-pixel.example", null, null, { loadedBeforeConsent: true, held: false })];
  for (const [index, trackers] of [earlier, later].entries()) {
    await db().trackerScan.create({
      data: { id: `scan-${index}`, shop, scannedAt: new Date(Date.now() - (1 - index) * 24 * 3600 * 1000), method: "browser", pages: JSON.stringify([{ path: "/", ms: 2100 }, { path: "/cart", ms: 1900 }]), trackers: JSON.stringify(trackers), unattributed: "[]", rules: "{}" },
    });
  }
}

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await admin?.close();
});

/** Opens the page as the embedded admin would load it, App Bridge answered by its double. */
async function openConsentPage(shop: string, fixture: string, locale = "en"): Promise<{ page: Page; errors: string[] }> {
  admin.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture(fixture) });
  const tab = await openAdminTab(browser, { appUrl: web.url, shop, locale, timezoneId: "Europe/Berlin", viewport: { width: 1280, height: 900 } });
  expect(await tab.open("/app/consent")).toBe(200);
  return { page: tab.page, errors: tab.errors };
}

async function axeViolations(page: Page) {
  // App Bridge moves the navigation links into the admin's own menu; without it they sit unstyled
  // in the document, which is not what a merchant sees.
  const result = await new AxeBuilder({ page }).exclude("ui-nav-menu").analyze();
  // The checks that matter here did run (an empty violation list alone proves nothing).
  expect(result.passes.map((pass) => pass.id)).toEqual(expect.arrayContaining(["color-contrast", "label", "heading-order"]));
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(" ")}`);
}

describe("the Consent page in Chromium", () => {
  it("given the page rendered on the server, then the document already has every section, with a placeholder where the charts will draw", async () => {
    admin.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-embed-enabled") });
    const request = await adminRequest("/app/consent", SHOP);
    const url = new URL(request.url);
    const response = await fetch(`${web.url}${url.pathname}${url.search}`, { headers: { "User-Agent": USER_AGENT } });
    const html = await response.text();
    expect(response.status).toBe(200);
    for (const text of ["Banner on your storefront", "How shoppers choose", "Choices recorded", "Polaris-SkeletonBodyText"]) expect(html).toContain(text);
    expect(html).not.toContain("inert");
  });

  it("given a shop with receipts and the embed on, then the server renders every section, the charts draw in the browser, and axe finds no violations", async () => {
    const { page, errors } = await openConsentPage(SHOP, "main-theme-embed-enabled");

    for (const heading of ["Banner on your storefront", "Retire Shopify's own cookie banner", "How shoppers choose", "Prove a consent", "Export receipts"]) {
      await expect.poll(() => page.getByRole("heading", { name: heading }).count()).toBe(1);
    }
    await expect.poll(() => page.getByText("On", { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.getByText("Choices recorded").count()).toBe(1);
    // Polaris Viz draws once React runs in the browser: a line chart and a bar chart as SVG, each
    // with its figures as a table for screen readers.
    await expect.poll(() => page.locator("[inert] svg").count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole("table", { name: "Share of choices per day, in percent" }).getByRole("row").count()).toBe(31);
    expect(await page.getByRole("table", { name: "Choices by region" }).getByRole("row").count()).toBe(3);
    const open = page.getByRole("link", { name: "Open the theme editor" });
    expect(await open.getAttribute("href")).toBe(`https://${SHOP}/admin/themes/current/editor?context=apps&activateAppId=${process.env.SHOPIFY_API_KEY}/consent-banner`);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("given two tracker scans, then the Trackers section alerts to the new one, flags what loads before consent, lists each tracker's status, and axe finds no violations", async () => {
    const { page, errors } = await openConsentPage(SHOP, "main-theme-embed-enabled");

    await page.getByRole("heading", { name: "Trackers on your storefront" }).waitFor();
    await page.getByText("2 new trackers since the previous scan").waitFor();
    expect(await page.getByText("1 tracker loads before consent").count()).toBe(1);
    expect(await page.getByText("3 trackers are now held until consent.").count()).toBe(1);
    expect(await page.getByText("2 pages, 2.0 s per page on average", { exact: false }).count()).toBe(1);
    const rows = page.getByRole("row");
    await expect.poll(() => rows.filter({ hasText: "Facebook" }).innerText()).toMatch(/Meta\s+Marketing\s+App embed \(facebook-channel\)\s+(?:Success\s+)?Held$/);
    expect(await rows.filter({ hasText: "Google Tag" }).innerText()).toMatch(/Held \(file fetched ahead, not run\)/);
    expect(await rows.filter({ hasText: "cdn.trackly-pixel.example" }).innerText()).toMatch(/Unknown\s+Not recognised\s+Theme\s+(?:Critical\s+)?Loads$/);
    expect(await page.getByRole("button", { name: "Scan now" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("given a German admin, then the Trackers section speaks German", async () => {
    const { page, errors } = await openConsentPage(SHOP, "main-theme-embed-enabled", "de");
    await page.getByRole("heading", { name: "Tracker in deinem Shop" }).waitFor();
    expect(await page.getByText("2 neue Tracker seit dem vorigen Scan").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Jetzt scannen" }).count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("given Shopify's own banner still showing, when the merchant turns it off by keyboard, then Shopify is asked, a toast confirms it and the section says it is removed", async () => {
    const { page, errors } = await openConsentPage(SHOP, "main-theme-embed-enabled");
    await page.getByText("Still showing", { exact: true }).waitFor();
    admin.answerOperation("RetireShopifyCookieBanner", { body: adminApiFixture("privacy-features-disable") });
    admin.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-off") });
    const before = admin.requests.length;

    await page.getByRole("button", { name: "Turn off Shopify's banner" }).focus();
    await page.keyboard.press("Enter");

    await page.getByText("Removed", { exact: true }).waitFor();
    await page.getByText("Shoppers see only the Consent Vault banner", { exact: false }).waitFor();
    const toasts = () => page.evaluate(() => (window as unknown as { __appBridgeDouble: { toasts: { message: string }[] } }).__appBridgeDouble.toasts.map((toast) => toast.message));
    await expect.poll(toasts).toContain("Shopify's cookie banner is off");
    expect(admin.requests.slice(before).filter((request) => request.body.includes("privacyFeaturesDisable"))).toHaveLength(1);
    expect(await page.getByRole("button", { name: "Turn off Shopify's banner" }).count()).toBe(0);
    admin.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-on") });
    expect(errors).toEqual([]);
  });

  it("given a shop without receipts whose live theme lacks the embed, then it says so in plain words, offers to turn it on, and axe finds no violations", async () => {
    const { page, errors } = await openConsentPage(EMPTY_SHOP, "main-theme-without-embed");

    await page.getByText("isn't turned on in your live theme, Dawn yet").waitFor();
    await page.getByText("No choices were recorded in the last 30 days").waitFor();
    expect(await page.getByRole("link", { name: "Turn on the banner in the theme editor" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
