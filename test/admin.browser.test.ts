// Every admin page in real Chromium, as a merchant would see it: served by the production build over
// HTTP, opened with a signed session token, with the App Bridge double standing in for the admin.
// Each page must pass axe, log no console error (a hydration mismatch would) in a time zone other
// than the server's and in German, and read its times in the shop's zone. Screenshots of each page,
// desktop and phone, go to test/output/admin/ for a person to look at.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { unzipSync } from "fflate";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { clusterLabel, type ClusterTraits } from "../app/personalization/customer-clusters";
import { insightColumns } from "../app/personalization/insights.server";
import { receiveComplianceWebhook } from "../app/privacy/receive-request.server";
import { saveRecipient } from "../app/recipients/recipient-register.server";
import { recordInstallation } from "../app/shops/installation.server";
import { openAdminTab, type AdminTab } from "./helpers/admin-browser";
import { adminApiFixture, startAdminApiServer, type AdminApiServer } from "../harness/admin-api-server";
import { startApp, type AppProcess } from "./helpers/app-process";
import { launchChromium } from "./helpers/chromium";
import { customerRedactPayload, dataRequestPayload, deliver } from "./helpers/compliance";
import { startJobProcessing } from "./helpers/jobs";
import { deliverSync } from "./helpers/sync";
import { restCustomer } from "../harness/shopify-rest-payloads";
import { installShop } from "./helpers/shopify";

const OUTPUT = "test/output/admin";
const SHOP = "browser-admin.myshopify.com";
const SHOP_ZONE = "Asia/Kolkata";
const DAY_MS = 24 * 3600 * 1000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// Twelve days ago at 10:00 UTC, which is 15:30 in the shop's zone (Kolkata, UTC+5:30).
const today = new Date();
const RECEIVED_AT = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 12, 10, 0));
const pad = (n: number) => String(n).padStart(2, "0");
const RECEIVED_IN_KOLKATA_DE = `${pad(RECEIVED_AT.getUTCDate())}.${pad(RECEIVED_AT.getUTCMonth() + 1)}.${RECEIVED_AT.getUTCFullYear()}, 15:30`;

let app: AppProcess;
let browser: Browser;
let adminApi: AdminApiServer;
const ids: Record<string, string> = {};

/** A request received through the real domain function `daysAgo` days ago, left in the state given. */
async function requestIn(key: string, topic: "CUSTOMERS_DATA_REQUEST" | "CUSTOMERS_REDACT", customerId: number, received: number | Date, state: Record<string, unknown> = {}) {
  const payload = topic === "CUSTOMERS_DATA_REQUEST" ? dataRequestPayload(SHOP, customerId) : customerRedactPayload(SHOP, customerId);
  const now = typeof received === "number" ? new Date(Date.now() - received * DAY_MS) : received;
  const outcome = await receiveComplianceWebhook({ db: db(), delivery: { id: `browser-${key}`, shop: SHOP, topic }, payload, now });
  if (outcome.outcome !== "accepted") throw new Error(`not accepted: ${outcome.outcome}`);
  await db().outboxMessage.deleteMany({ where: { shop: SHOP } });
  if (Object.keys(state).length) await db().privacyRequest.update({ where: { id: outcome.requestId }, data: state });
  ids[key] = outcome.requestId;
}

/** Waits (outside any test, where expect.poll is not available) until `done` holds. */
async function waitFor(done: () => Promise<boolean>, what: string) {
  for (let tries = 0; tries < 300; tries++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function completedRequest(type: string): Promise<string> {
  await waitFor(async () => (await db().privacyRequest.count({ where: { shop: SHOP, type, status: "completed" } })) === 1, `the ${type} to complete`);
  return (await db().privacyRequest.findFirstOrThrow({ where: { shop: SHOP, type } })).id;
}

/** A fitted shop's stored results, as the nightly fit leaves them, for the Segments page's charts and tables. */
async function personalizationResults() {
  const traits: ClusterTraits[] = [
    { frequency: "frequent", spend: "high", recency: "recent" },
    { frequency: "oneTime", spend: "mid", recency: "recent" },
    { frequency: "occasional", spend: "low", recency: "lapsed" },
  ];
  await db().shopModel.create({ data: { shop: SHOP, fittedAt: RECEIVED_AT, model: JSON.stringify({ clusters: { traits } }), customers: 40 } });
  const groups = ["CHAMPIONS", "LOYAL", "AT_RISK", "NEW", "DORMANT"] as const;
  const labels = traits.map(clusterLabel);
  for (let i = 0; i < 40; i++) {
    const score = (i % 5) + 1;
    const insight = { recency: score, frequency: ((i * 3) % 5) + 1, monetary: ((i * 7) % 5) + 1, rfmGroup: groups[i % 5]!, cluster: i % 3, clusterLabel: labels[i % 3]!, probabilityAlive: 0.8, expectedPurchases90d: 1.2, predictedValue12m: (i * 37) % 1_800, recommendedProducts: ["1"] };
    await db().customerInsight.create({ data: { shop: SHOP, customerRef: `browser-ref-${i}`, ...insightColumns({ shop: SHOP, customerRef: `browser-ref-${i}`, insight, scoredAt: RECEIVED_AT }) } });
  }
}

beforeAll(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await installShop(SHOP);
  await recordInstallation({ db: db(), shop: SHOP, now: new Date("2026-11-02T08:00:00Z") });
  await db().shop.update({ where: { domain: SHOP }, data: { ianaTimezone: SHOP_ZONE } });
  // A data request carried out by the real job: its export exists and waits to be sent.
  const stopJobProcessing = startJobProcessing();
  await deliverSync("customers/create", SHOP, restCustomer(101));
  await waitFor(async () => (await db().customer.count({ where: { shop: SHOP } })) === 1, "the customer to be synced");
  await deliver("customers/data_request", SHOP, dataRequestPayload(SHOP, 101));
  ids.exportReady = await completedRequest("data_request");
  // The requests below are set in their states by hand: no relay or worker may process them meanwhile.
  await stopJobProcessing();
  // Received at a fixed time to read back in the shop's zone: 10:00 UTC is 15:30 in Kolkata.
  await requestIn("failed", "CUSTOMERS_REDACT", 102, RECEIVED_AT, { status: "failed", attempts: 10, lastError: "vault shop key version 3 is missing" });
  await requestIn("dueSoon", "CUSTOMERS_DATA_REQUEST", 103, 27, { status: "on_hold" });
  await requestIn("overdue", "CUSTOMERS_REDACT", 104, 32.5);
  await personalizationResults();
  ids.recipient = await saveRecipient({
    db: db(),
    shop: SHOP,
    actor: "staff:1",
    form: { name: "Acme Mail Inc.", purpose: "Sends our newsletter", categories: ["email", "names"], country: "US", transferMechanism: "scc", agreementSignedAt: "2026-01-15", agreementExpiresAt: "" },
  });
  // Shopify's side of what Home and the Consent page ask: our banner on, Shopify's own still showing.
  adminApi = await startAdminApiServer();
  adminApi.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-embed-enabled") });
  adminApi.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-on") });
  app = await startApp("server.ts", { SHOPIFY_ADMIN_API_ORIGIN: adminApi.url });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await adminApi?.close();
  // The app's own log, for whoever looks at a failure.
  if (app) fs.writeFileSync(path.join(OUTPUT, "app-process.log"), app.output());
});

const PAGES = [
  { name: "home", path: "/app", heading: { en: "Home", de: "Startseite" } },
  { name: "requests", path: "/app/requests", heading: { en: "Privacy requests", de: "Datenschutzanfragen" } },
  { name: "request-export-ready", path: () => `/app/requests/${ids.exportReady}`, heading: { en: "Customer data request", de: "Datenauskunft" } },
  { name: "request-failed", path: () => `/app/requests/${ids.failed}`, heading: { en: "Customer erasure", de: "Löschung von Kundendaten" } },
  { name: "settings", path: "/app/settings", heading: { en: "Settings", de: "Einstellungen" } },
  { name: "segments", path: "/app/segments", heading: { en: "Segments", de: "Segmente" } },
  { name: "consent", path: "/app/consent", heading: { en: "Consent", de: "Einwilligungen" } },
  { name: "data", path: "/app/data", heading: { en: "Data & recipients", de: "Daten & Empfänger" } },
  { name: "recipient-new", path: "/app/data/recipients/new", heading: { en: "Add recipient", de: "Empfänger hinzufügen" } },
  { name: "recipient-edit", path: () => `/app/data/recipients/${ids.recipient}`, heading: { en: "Edit recipient", de: "Empfänger bearbeiten" } },
  { name: "audit-log", path: "/app/audit", heading: { en: "Audit log", de: "Prüfprotokoll" } },
  { name: "privacy-notice", path: "/app/privacy-notice", heading: { en: "Privacy notice", de: "Datenschutzhinweis" } },
  { name: "privacy-guide", path: "/app/privacy-guide", heading: { en: "Privacy guide", de: "Datenschutz-Leitfaden" } },
  { name: "bad-link", path: "/app/requests?type=everything", heading: { en: "This link is not valid", de: "Dieser Link ist ungültig" }, status: 400 },
  { name: "not-found", path: "/app/nothing-here", heading: { en: "This page does not exist", de: "Diese Seite gibt es nicht" }, status: 404 },
  { name: "login", path: "/auth/login", heading: { en: "Log in", de: "Anmelden" }, outsideAdmin: true },
] as const;

// English in Los Angeles, German in Berlin: neither is the server's zone (UTC) nor the shop's.
const SETTINGS = [
  { locale: "en", timezoneId: "America/Los_Angeles" },
  { locale: "de", timezoneId: "Europe/Berlin" },
] as const;

async function expectAccessible(tab: AdminTab, label: string) {
  const { violations } = await new AxeBuilder({ page: tab.page }).analyze();
  expect(violations.map((violation) => `${label}: ${violation.id} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}

describe.each(SETTINGS)("the admin in $locale, browser in $timezoneId", ({ locale, timezoneId }) => {
  it.each(PAGES)("$name: renders with a title, one h1, landmarks and no axe violation or console error, on desktop and phone", async (entry) => {
    for (const [viewportName, viewport] of [["desktop", DESKTOP], ["phone", PHONE]] as const) {
      const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale, timezoneId, viewport });
      try {
        const status = await tab.open(typeof entry.path === "function" ? entry.path() : entry.path, { outsideAdmin: "outsideAdmin" in entry });
        expect(status).toBe("status" in entry ? entry.status : 200);
        await expect.poll(() => tab.page.locator("h1").allTextContents()).toEqual([entry.heading[locale]]);
        // An error page keeps the title of the page asked for; every other page is named by its heading.
        expect(await tab.page.title()).toContain("status" in entry ? "Consent Vault" : `${entry.heading[locale]} · Consent Vault`);
        expect(await tab.page.locator("html").getAttribute("lang")).toBe(locale);
        expect(await tab.page.locator("main").count()).toBe(1);
        await expectAccessible(tab, `${entry.name} ${viewportName}`);
        await tab.page.screenshot({ path: path.join(OUTPUT, `${entry.name}-${locale}-${viewportName}.png`), fullPage: true });
        // The document of an error page answers with its status, which Chromium reports as a console error.
        const unexpected = tab.errors.filter((error) => !("status" in entry && error.includes(`status of ${entry.status}`)));
        expect(unexpected).toEqual([]);
      } finally {
        await tab.context.close();
      }
    }
  });
});

describe("what the pages say", () => {
  it("given the shop's zone is Kolkata and the browser is in Los Angeles, then a request received at 10:00 UTC reads 15:30, the same after hydration", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "de", timezoneId: "America/Los_Angeles", viewport: DESKTOP });
    try {
      await tab.open(`/app/requests/${ids.failed}`);
      await expect.poll(() => tab.page.locator("main").innerText()).toContain(RECEIVED_IN_KOLKATA_DE);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it("given requests in each state, then the list tells overdue from due soon, a ready export from an answered request, and keeps deadline and status on a phone", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "Asia/Kolkata", viewport: PHONE });
    try {
      await tab.open("/app/requests");
      const main = tab.page.locator("main");
      await expect.poll(() => main.innerText()).toContain("Overdue by 3 days");
      const text = await main.innerText();
      expect(text).toContain("Due in 2 days");
      expect(text).toContain("Export ready to send");
      expect(text).toContain("On hold");
      // A stopped request says why right in the list, in the merchant's words.
      expect(text).toContain("The encryption key that protects your shop's customer data could not be read.");
      const tone = (label: string) => tab.page.locator(".Polaris-Badge", { hasText: label }).first().getAttribute("class");
      expect(await tone("Overdue by 3 days")).toContain("toneCritical");
      expect(await tone("Due in 2 days")).toContain("toneWarning");
      expect(await tone("Export ready to send")).toContain("toneAttention");
    } finally {
      await tab.context.close();
    }
  });

  it("given a failed erasure, then its page gives the reason and what to do in the merchant's words, never the internal message", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "UTC", viewport: DESKTOP });
    try {
      await tab.open(`/app/requests/${ids.failed}`);
      const main = tab.page.locator("main");
      await expect.poll(() => main.innerText()).toContain("The encryption key that protects your shop's customer data could not be read.");
      expect(await main.innerText()).toContain("What to do: Contact support");
      expect(await tab.page.content()).not.toContain("vault shop key");
    } finally {
      await tab.context.close();
    }
  });

  it("given German, when the merchant goes from Home to the requests inside the app, then the next page loads with the session token App Bridge adds and stays German", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "de", timezoneId: "Asia/Kolkata", viewport: DESKTOP });
    try {
      await tab.open("/app");
      await tab.page.getByRole("link", { name: "Anfragen ansehen" }).click();
      await expect.poll(() => tab.page.locator("h1").allTextContents()).toEqual(["Datenschutzanfragen"]);
      expect(new URL(tab.page.url()).pathname).toBe("/app/requests");
      expect(await tab.page.evaluate(() => (window as unknown as { __appBridgeDouble: { tokensIssued: number } }).__appBridgeDouble.tokensIssued)).toBeGreaterThan(0);
      expect(await tab.page.locator("main").innerText()).toContain("Seit 3 Tagen überfällig");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it("given a staff member who has not read the privacy guide, then Home reminds them until they dismiss it for the session, and confirming on the guide ends the reminder", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "America/Los_Angeles", viewport: PHONE });
    const reminder = tab.page.getByText("Read the privacy guide (5 minutes)");
    try {
      await tab.open("/app");
      await expect.poll(() => reminder.count()).toBe(1);
      await tab.page.getByRole("button", { name: "Dismiss notification" }).click();
      await expect.poll(() => reminder.count()).toBe(0);
      await tab.open("/app");
      expect(await reminder.count()).toBe(0);

      await tab.open("/app/privacy-guide");
      await tab.page.getByRole("button", { name: "I have read this guide" }).click();
      await expect.poll(() => tab.page.locator("main").innerText()).toContain("You confirmed reading this version on");
      expect(await db().staffGuideAcknowledgement.count({ where: { shop: SHOP } })).toBe(1);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }

    // A new session after confirming: no reminder to dismiss.
    const next = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "America/Los_Angeles", viewport: DESKTOP });
    try {
      await next.open("/app");
      expect(await next.page.getByText("Read the privacy guide (5 minutes)").count()).toBe(0);
    } finally {
      await next.context.close();
    }
  });

  it("given Settings, when staff untick a synced field, then the save bar appears and saving asks for confirmation before anything is deleted", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "America/Los_Angeles", viewport: DESKTOP });
    const double = () => tab.page.evaluate(() => (window as unknown as { __appBridgeDouble: { saveBars: Record<string, boolean>; toasts: { message: string }[] } }).__appBridgeDouble);
    const clickSaveBar = (variant: "primary" | "secondary") =>
      tab.page.evaluate((wanted) => {
        const buttons = [...document.querySelectorAll<HTMLButtonElement>("ui-save-bar button")];
        buttons.find((button) => (button.getAttribute("variant") ?? "secondary") === wanted)!.click();
      }, variant);
    try {
      await tab.open("/app/settings");
      expect((await double()).saveBars["synced-fields-save-bar"]).toBeFalsy();

      // Discarding puts the form back and hides the bar.
      await tab.page.getByLabel("Customer note").check();
      await expect.poll(async () => (await double()).saveBars["synced-fields-save-bar"]).toBe(true);
      await clickSaveBar("secondary");
      await expect.poll(async () => (await double()).saveBars["synced-fields-save-bar"]).toBe(false);
      expect(await tab.page.getByLabel("Customer note").isChecked()).toBe(false);

      await tab.page.getByLabel("Phone number").uncheck();
      await expect.poll(async () => (await double()).saveBars["synced-fields-save-bar"]).toBe(true);
      await clickSaveBar("primary");
      const dialog = tab.page.getByRole("dialog", { name: "Delete this data from every customer?" });
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain("Turning off Phone number deletes it from every customer already synced");
      await tab.page.screenshot({ path: path.join(OUTPUT, "settings-confirm-en-desktop.png") });
      expect(await db().syncSettings.findUnique({ where: { shop: SHOP } })).toBeNull();

      await dialog.getByRole("button", { name: "Turn off and delete" }).click();
      await expect.poll(async () => (await double()).toasts.map((toast) => toast.message)).toContain("Settings saved. Removing Phone number from synced customers.");
      expect((await db().syncSettings.findUniqueOrThrow({ where: { shop: SHOP } })).syncPhone).toBe(false);
      await expect.poll(async () => (await double()).saveBars["synced-fields-save-bar"]).toBe(false);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
  it("given a German admin filtering the audit log by date, then days are typed and shown as Germans write them, picked from a calendar by keyboard, a wrong one is named, and the filter gets ISO days", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "de", timezoneId: "Asia/Kolkata", viewport: DESKTOP });
    try {
      await tab.open("/app/audit");
      const from = tab.page.getByLabel("Von", { exact: true });
      expect(await from.getAttribute("placeholder")).toBe("TT.MM.JJJJ");
      await from.fill("31.02.2026");
      await from.blur();
      await tab.page.getByText("Gib ein Datum wie 15.01.2026 ein").waitFor();
      await from.fill("1.11.2026");
      await from.blur();
      expect(await from.inputValue()).toBe("01.11.2026");
      expect(await tab.page.getByText("Gib ein Datum wie 15.01.2026 ein").count()).toBe(0);

      // The calendar next to "Bis", by keyboard: it opens on the month of today, focus inside it.
      await tab.page.getByRole("button", { name: "Bis im Kalender wählen" }).focus();
      await tab.page.keyboard.press("Enter");
      const day = tab.page.getByRole("button", { name: /\b20\b/ }).first();
      await day.waitFor();
      await day.focus();
      // The popover fades in; the screenshot is of the calendar, not of its animation.
      await tab.page.waitForFunction(() => [...document.querySelectorAll(".Polaris-Popover")].every((popover) => getComputedStyle(popover).opacity === "1"));
      await tab.page.screenshot({ path: path.join(OUTPUT, "audit-date-picker-de-desktop.png") });
      await tab.page.keyboard.press("Enter");
      await expect.poll(() => tab.page.getByLabel("Bis", { exact: true }).inputValue()).toMatch(/^20\.\d{2}\.\d{4}$/);

      await tab.page.getByRole("button", { name: "Anwenden" }).click();
      await expect.poll(() => new URL(tab.page.url()).searchParams.get("from")).toBe("2026-11-01");
      expect(new URL(tab.page.url()).searchParams.get("to")).toMatch(/^\d{4}-\d{2}-20$/);
      expect(await tab.page.getByLabel("Von", { exact: true }).inputValue()).toBe("01.11.2026");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
  it("given the recipient form, then an incomplete form says what is missing and stores nothing, a complete one is saved, and removing it asks for confirmation first", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "America/Los_Angeles", viewport: DESKTOP });
    const toasts = () => tab.page.evaluate(() => (window as unknown as { __appBridgeDouble: { toasts: { message: string }[] } }).__appBridgeDouble.toasts.map((toast) => toast.message));
    const stored = () => db().dataRecipient.count({ where: { shop: SHOP, name: "Parcel Partner GmbH" } });
    try {
      await tab.open("/app/data/recipients/new");
      await tab.page.getByLabel("Name", { exact: true }).fill("Parcel Partner GmbH");
      await tab.page.getByLabel("Purpose").fill("Ships our orders");
      await tab.page.getByLabel("Country").selectOption("DE");
      // Inside the EEA no transfer mechanism is needed: the form chose that for the country.
      expect(await tab.page.getByLabel("Transfer mechanism").inputValue()).toBe("eea");
      await tab.page.getByLabel("Agreement signed on", { exact: true }).fill("01/15/2026");
      await tab.page.getByRole("button", { name: "Save" }).click();
      await expect.poll(() => tab.page.locator("main").innerText()).toContain("Check these fields: Data shared.");
      expect(await stored()).toBe(0);

      await tab.page.getByLabel("Email address").check();
      await tab.page.getByLabel("Orders").check();
      await tab.page.getByRole("button", { name: "Save" }).click();
      await expect.poll(toasts).toContain("Recipient saved");
      await expect.poll(() => new URL(tab.page.url()).pathname).toBe("/app/data");
      await expect.poll(() => tab.page.locator("main").innerText()).toContain("Parcel Partner GmbH");
      expect(await stored()).toBe(1);

      await tab.page.getByRole("button", { name: "Remove Parcel Partner GmbH" }).click();
      const dialog = tab.page.getByRole("dialog", { name: "Remove this recipient?" });
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain("Parcel Partner GmbH is removed from your register");
      await tab.page.screenshot({ path: path.join(OUTPUT, "data-remove-confirm-en-desktop.png") });
      expect(await stored()).toBe(1);
      await dialog.getByRole("button", { name: "Remove recipient" }).click();
      await expect.poll(toasts).toContain("Recipient removed");
      expect(await stored()).toBe(0);
      expect(await db().dataRecipient.count({ where: { shop: SHOP } })).toBe(1);
      // The incomplete form's answer is a 400, which Chromium reports as a console error.
      expect(tab.errors.filter((error) => !error.includes("status of 400"))).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
  it("given the analytics card, when the merchant downloads CSV for a recipient with a current agreement, then a zip named after the shop is saved, a toast confirms it and the audit log names the recipient", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "America/Los_Angeles", viewport: DESKTOP });
    const toasts = () => tab.page.evaluate(() => (window as unknown as { __appBridgeDouble: { toasts: { message: string }[] } }).__appBridgeDouble.toasts.map((toast) => toast.message));
    try {
      await tab.open("/app/data");
      const main = tab.page.locator("main");
      await expect.poll(() => main.innerText()).toContain("Analytics data for BI tools");
      await tab.page.getByLabel("Format").selectOption("csv");
      await tab.page.getByLabel("Who it is for").selectOption({ label: "Acme Mail Inc." });
      const [saved] = await Promise.all([tab.page.waitForEvent("download"), tab.page.getByRole("button", { name: "Download ZIP" }).click()]);

      expect(saved.suggestedFilename()).toMatch(/^browser-admin\.myshopify\.com-analytics-\d{4}-\d{2}-\d{2}\.zip$/);
      const entries = unzipSync(new Uint8Array(fs.readFileSync(await saved.path())));
      expect(Object.keys(entries)).toContain("README.txt");
      expect(Object.keys(entries)).toContain("orders.csv");
      expect(Object.keys(entries).some((name) => name.endsWith(".parquet"))).toBe(false);
      await expect.poll(toasts).toContain("Download started");
      const audit = await db().auditEvent.findFirstOrThrow({ where: { shop: SHOP, action: "analytics.exported" }, orderBy: { seq: "desc" } });
      expect(JSON.parse(audit.detail!)).toMatchObject({ formats: ["csv"], recipient: { id: ids.recipient, name: "Acme Mail Inc." } });
      await tab.page.screenshot({ path: path.join(OUTPUT, "data-analytics-download-en-desktop.png"), fullPage: true });
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
  it("given a shop with no recipients, then the register shows an empty state whose action opens the form, and passes axe on a phone", async () => {
    const shop = "browser-admin-empty.myshopify.com";
    await installShop(shop);
    const tab = await openAdminTab(browser, { appUrl: app.url, shop, locale: "de", timezoneId: "Europe/Berlin", viewport: PHONE });
    try {
      await tab.open("/app/data");
      const main = tab.page.locator("main");
      await expect.poll(() => main.innerText()).toContain("Noch keine Empfänger eingetragen");
      await expectAccessible(tab, "data-empty phone");
      await tab.page.screenshot({ path: path.join(OUTPUT, "data-empty-de-phone.png"), fullPage: true });
      await main.getByRole("link", { name: "Empfänger hinzufügen" }).click();
      await expect.poll(() => tab.page.locator("h1").allTextContents()).toEqual(["Empfänger hinzufügen"]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
