// The Customers pages and the staff security settings in real Chromium, served by the production
// build and opened with a signed session token: axe-clean in English and German on desktop and phone,
// and the whole path a staff member takes: enrol an authenticator app from its QR code, confirm with a
// code computed from the secret, step up, give a reason and see the customer's data revealed; and
// Staff access by name: holders listed as Shopify names them, a grant chosen from the staff who opened
// the app, a withdrawal confirmed.
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { recordInstallation } from "../app/shops/installation.server";
import { setRevealPermission } from "../app/staff/permissions.server";
import { staffMemberOf } from "../app/staff/staff-member.server";
import { totpCodeAt } from "../app/staff/totp.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { vault } from "../app/vault/vault.server";
import { openAdminTab, type AdminTab } from "./helpers/admin-browser";
import { startApp, type AppProcess } from "./helpers/app-process";
import { launchChromium } from "./helpers/chromium";
import { installShop, signInStaff } from "./helpers/shopify";

const OUTPUT = "test/output/admin";
const SHOP = "browser-customers.myshopify.com";
const STAFF_SHOP = "browser-staff.myshopify.com";
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let app: AppProcess;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await installShop(SHOP);
  await recordInstallation({ db: db(), shop: SHOP });
  for (const [id, email, firstName] of [["9001", "grace.hopper@example.org", "Grace"], ["9002", "alan.turing@example.org", "Alan"]] as const) {
    const customer = { id, createdAt: new Date("2025-02-03T15:00:00Z"), email, phone: "+49 30 901820", firstName, lastName: "Example", defaultAddress: { address1: "Unter den Linden 1", city: "Berlin", country: "Germany" } };
    await upsertCustomer({ db: db(), vault: vault(), shop: SHOP, customer, sourceUpdatedAt: new Date("2026-11-01T15:00:00Z") });
  }
  // The staff member the browser's session tokens name holds the permission (granted as the first holder would).
  await setRevealPermission({ db: db(), staff: staffMemberOf(SHOP, { sub: String(USER_ID) })!, userId: String(USER_ID), mayReveal: true });
  // A shop whose staff opened the app: the browser's staff member (the owner) and two colleagues, one holding the permission.
  await installShop(STAFF_SHOP);
  await signInStaff(STAFF_SHOP, { userId: String(USER_ID), firstName: "Mary", lastName: "Jackson", accountOwner: true });
  await signInStaff(STAFF_SHOP, { userId: "5001", firstName: "Katherine", lastName: "Johnson" });
  await signInStaff(STAFF_SHOP, { userId: "5002", firstName: "Dorothy", lastName: "Vaughan" });
  for (const userId of [String(USER_ID), "5001"]) {
    await setRevealPermission({ db: db(), staff: staffMemberOf(STAFF_SHOP, { sub: String(USER_ID) })!, userId, mayReveal: true });
  }
  app = await startApp("server.ts");
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (app) fs.writeFileSync(path.join(OUTPUT, "customers-app-process.log"), app.output());
});

async function expectAccessible(tab: AdminTab, label: string) {
  const { violations } = await new AxeBuilder({ page: tab.page }).analyze();
  expect(violations.map((violation) => `${label}: ${violation.id} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}

const PAGES = [
  { name: "customers", path: "/app/customers", heading: { en: "Customers", de: "Kunden" } },
  { name: "customers-search", path: "/app/customers?q=9001", heading: { en: "Customers", de: "Kunden" } },
  { name: "customer", path: "/app/customers/9001", heading: { en: "Customer", de: "Kunde" } },
  { name: "staff-security", path: "/app/settings/security", heading: { en: "Staff access and MFA", de: "Mitarbeiterzugriff und MFA" } },
] as const;

/** Server round trips on a busy machine can take seconds; expect.poll's default second is too short. */
const ROUND_TRIP = { timeout: 20_000 };

const VIEWPORTS = [
  { viewportName: "desktop", viewport: DESKTOP },
  { viewportName: "phone", viewport: PHONE },
] as const;

describe.each([
  { locale: "en", timezoneId: "America/Los_Angeles" },
  { locale: "de", timezoneId: "Europe/Berlin" },
] as const)("the admin in $locale", ({ locale, timezoneId }) => {
  describe.each(VIEWPORTS)("on $viewportName", ({ viewportName, viewport }) => {
    it.each(PAGES)("$name: one h1, a main landmark, masked data and no axe violation or console error", async (entry) => {
      const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale, timezoneId, viewport });
      try {
        expect(await tab.open(entry.path)).toBe(200);
        await expect.poll(() => tab.page.locator("h1").allTextContents()).toEqual([entry.heading[locale]]);
        expect(await tab.page.title()).toContain(`${entry.heading[locale]} · Consent Vault`);
        expect(await tab.page.locator("main").count()).toBe(1);
        expect(await tab.page.content()).not.toMatch(/hopper|turing|Linden/i);
        await expectAccessible(tab, `${entry.name} ${viewportName}`);
        await tab.page.screenshot({ path: path.join(OUTPUT, `${entry.name}-${locale}-${viewportName}.png`), fullPage: true });
        expect(tab.errors).toEqual([]);
      } finally {
        await tab.context.close();
      }
      // The first page of a cold production server in Chromium can take longer than the default on a busy machine.
    }, 90_000);
  });
});

describe("a staff member's way to a reveal", () => {
  it("given the permission, when they enrol from the QR code, step up and give a reason, then the customer's data shows and the reveal is audited", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: SHOP, locale: "en", timezoneId: "Europe/Berlin", viewport: PHONE });
    try {
      await tab.open("/app/settings/security");
      await tab.page.getByRole("button", { name: "Set up authenticator app" }).click();
      await expect.poll(() => tab.page.getByRole("img", { name: "QR code to scan with your authenticator app" }).count(), ROUND_TRIP).toBe(1);
      const secret = /Enter this key in the app: ([A-Z2-7]{32})/.exec(await tab.page.locator("main").innerText())![1]!;
      await tab.page.getByLabel("Code shown in the app").fill(totpCodeAt(secret, new Date()));
      await tab.page.getByRole("button", { name: "Confirm set-up" }).click();
      await expect.poll(() => tab.page.getByText("Your authenticator app is set up").count(), ROUND_TRIP).toBeGreaterThan(0);
      expect(await tab.page.locator("main code").count()).toBe(10);
      await expectAccessible(tab, "recovery codes");

      await tab.open("/app/customers/9001");
      expect(await tab.page.getByRole("button", { name: "Reveal personal data" }).isDisabled()).toBe(true);
      await tab.page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, new Date(Date.now() + 30_000)));
      await tab.page.getByRole("button", { name: "Confirm", exact: true }).click();
      await expect.poll(() => tab.page.getByText(/Confirmed\. Sensitive actions are allowed until/).count(), ROUND_TRIP).toBe(1);
      await tab.page.getByLabel("Reason").fill("Customer asked for a copy of their address");
      await tab.page.getByRole("button", { name: "Reveal personal data" }).click();
      await expect.poll(() => tab.page.getByText("grace.hopper@example.org").count(), ROUND_TRIP).toBe(1);
      expect(await tab.page.locator("main").innerText()).toContain("Unter den Linden 1, Berlin, Germany");
      await expectAccessible(tab, "revealed");
      await tab.page.screenshot({ path: path.join(OUTPUT, "customer-revealed-en-phone.png"), fullPage: true });
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
    const reveals = await db().auditEvent.findMany({ where: { shop: SHOP, action: "customer.revealed" } });
    expect(reveals.map((entry) => [entry.actor, JSON.parse(entry.detail!)])).toEqual([[`staff:${USER_ID}`, { reason: "Customer asked for a copy of their address" }]]);
  }, 120_000);
});

describe("staff access by name", () => {
  it("given staff who opened the app, then the German page names them, the viewer as du, and shows no staff id", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: STAFF_SHOP, locale: "de", timezoneId: "Europe/Berlin", viewport: PHONE });
    try {
      expect(await tab.open("/app/settings/security")).toBe(200);
      const main = await tab.page.locator("main").innerText();
      expect(main).toMatch(/Mary Jackson \(du\), seit/);
      expect(main).toMatch(/Katherine Johnson, seit/);
      expect(main).toContain("Shop-Inhaber");
      expect(main).toContain("Mitarbeitende erscheinen hier, nachdem sie Consent Vault einmal geöffnet haben.");
      expect(main).not.toMatch(/Mitarbeiter-ID|12345|5001/);
      await expectAccessible(tab, "staff access de");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  }, 90_000);

  it("given a holder, when they grant a colleague chosen by name and withdraw another after confirming, then the list follows and the database holds it", async () => {
    const tab = await openAdminTab(browser, { appUrl: app.url, shop: STAFF_SHOP, locale: "en", timezoneId: "America/Los_Angeles", viewport: DESKTOP });
    try {
      expect(await tab.open("/app/settings/security")).toBe(200);
      const choices = tab.page.getByLabel("Staff member to grant the permission to");
      expect(await choices.locator("option").allTextContents()).toEqual(["Choose a staff member", "Dorothy Vaughan"]);
      expect(await tab.page.getByRole("button", { name: "Grant permission" }).isDisabled()).toBe(true);
      await choices.selectOption({ label: "Dorothy Vaughan" });
      await tab.page.getByRole("button", { name: "Grant permission" }).click();
      await expect.poll(() => tab.page.getByText(/^Dorothy Vaughan, since/).count(), ROUND_TRIP).toBe(1);
      expect(await tab.page.getByText("Everyone who has opened Consent Vault holds the permission.", { exact: false }).count()).toBe(1);

      await tab.page.getByRole("button", { name: "Withdraw the permission of Katherine Johnson" }).click();
      expect(await tab.page.getByText("Withdraw the permission of Katherine Johnson? They will no longer be able to reveal customers' personal data.").count()).toBe(1);
      await expectAccessible(tab, "withdraw confirmation");
      await tab.page.getByRole("button", { name: "Withdraw", exact: true }).click();
      await expect.poll(() => tab.page.getByText(/^Katherine Johnson, since/).count(), ROUND_TRIP).toBe(0);
      await tab.page.screenshot({ path: path.join(OUTPUT, "staff-access-en-desktop.png"), fullPage: true });
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
    const permissions = await db().staffPermission.findMany({ where: { shop: STAFF_SHOP }, orderBy: { userId: "asc" } });
    expect(permissions.map((row) => [row.userId, row.mayReveal])).toEqual([
      [String(USER_ID), true],
      ["5001", false],
      ["5002", true],
    ]);
  }, 120_000);
});
