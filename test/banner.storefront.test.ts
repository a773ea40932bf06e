// The consent banner in real Chromium on the preview storefront: the embed rendered from the
// extension's Liquid, the stand-in for Shopify's privacy script, and receipts forwarded through the
// preview's app proxy to a real HTTP server standing where the app's /proxy route is.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreviewStorefront } from "../scripts/preview-storefront/server";
import { libraryAcceptsAppProxyQuery } from "./helpers/app-proxy";
import { launchChromium } from "./helpers/chromium";

const OUTPUT = "test/output";
const SECRET = process.env.SHOPIFY_API_SECRET!;

interface Forwarded {
  path: string;
  query: URLSearchParams;
  contentType: string;
  body: Record<string, unknown>;
}

const forwarded: Forwarded[] = [];
let app: http.Server;
let preview: Awaited<ReturnType<typeof startPreviewStorefront>>;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(OUTPUT, { recursive: true });
  app = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://app.invalid");
      forwarded.push({
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers["content-type"] ?? "",
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  preview = await startPreviewStorefront({ appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`, apiSecret: SECRET });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
  await new Promise((resolve) => app?.close(resolve));
});

/** A fresh visitor; `gpc` makes the browser send Global Privacy Control. */
async function visit(query = "", { gpc = false, context }: { gpc?: boolean; context?: BrowserContext } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1280, height: 720 } }));
  if (!context) {
    await ctx.addInitScript((withGpc: boolean) => {
      if (withGpc) Object.defineProperty(Navigator.prototype, "globalPrivacyControl", { get: () => true });
      const w = window as unknown as { cls: number };
      w.cls = 0;
      // Cumulative Layout Shift as defined: shifts right after the shopper's own input do not count.
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) {
          if (!entry.hadRecentInput) w.cls += entry.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    }, gpc);
  }
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${preview.url}/${query}`);
  // The deferred script has run once the privacy API has loaded and the reopen button exists.
  await page.locator(".cv-reopen").waitFor({ state: "attached" });
  return { page, context: ctx, errors };
}

async function trackingConsent(page: Page) {
  const cookie = (await page.context().cookies()).find((c) => c.name === "_tracking_consent");
  return cookie ? (JSON.parse(decodeURIComponent(cookie.value)) as Record<string, string>) : undefined;
}

async function cookie(page: Page, name: string) {
  return (await page.context().cookies()).find((c) => c.name === name)?.value;
}

/** The receipts forwarded for one consent id, once the beacon has arrived. */
async function receiptsFor(page: Page, count = 1) {
  const id = await cookie(page, "cv_consent_id");
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await expect.poll(() => forwarded.filter((f) => f.body.consentId === id).length).toBe(count);
  return forwarded.filter((f) => f.body.consentId === id);
}

async function consentUpdates(page: Page) {
  return page.evaluate(() =>
    (window as unknown as { dataLayer: IArguments[] }).dataLayer.map((args) => Array.from(args)).filter((a) => a[0] === "consent"),
  );
}

const dialog = (page: Page) => page.getByRole("dialog");
const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${OUTPUT}/banner-${name}.png`, animations: "disabled" });

function granted(on: boolean) {
  return on ? "granted" : "denied";
}

function expectedUpdate(g: { analytics: boolean; marketing: boolean; preferences: boolean }) {
  return {
    ad_storage: granted(g.marketing),
    ad_user_data: granted(g.marketing),
    ad_personalization: granted(g.marketing),
    analytics_storage: granted(g.analytics),
    functionality_storage: granted(g.preferences),
    personalization_storage: granted(g.preferences),
  };
}

describe("consent banner on the storefront", () => {
  it("given a first visit in a consent region, when the page loads, then the banner asks with three equal choices and nothing is recorded or run", async () => {
    const { page, errors } = await visit();
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    expect(await dialog(page).getAttribute("aria-labelledby")).toBe("cv-title");
    expect(await page.locator("#cv-title").textContent()).toBe("We value your privacy");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("role"))).toBe("dialog");
    const styles = await page.locator(".cv-actions button:not([hidden])").evaluateAll((buttons) =>
      buttons.map((b) => {
        const s = getComputedStyle(b);
        return [s.backgroundColor, s.color, s.fontWeight, s.fontSize, b.getBoundingClientRect().height].join(" ");
      }),
    );
    expect(styles).toHaveLength(3);
    expect(new Set(styles).size).toBe(1);
    expect(await page.locator(".cv-actions button:not([hidden])").allTextContents()).toEqual(["Accept all", "Reject all", "Customize"]);
    expect(await trackingConsent(page)).toBeUndefined();
    expect(await cookie(page, "cv_consent_id")).toBeUndefined();
    const updates = await consentUpdates(page);
    expect(updates[0]).toEqual([
      "consent",
      "default",
      { ...expectedUpdate({ analytics: false, marketing: false, preferences: false }), security_storage: "granted", wait_for_update: 500 },
    ]);
    expect(updates[1]).toEqual(["consent", "update", expectedUpdate({ analytics: false, marketing: false, preferences: false })]);
    expect(await page.evaluate(() => document.documentElement.dataset.analyticsScript)).toBeUndefined();
    await shot(page, "first-layer-bar");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("given the banner, when the shopper accepts all, then Shopify records every purpose, tags are granted, held scripts run and a signed receipt is forwarded", async () => {
    const { page } = await visit();
    await button(page, "Accept all").click();
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "yes", marketing: "yes", preferences: "yes", sale_of_data: "" });
    expect(await dialog(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => document.documentElement.dataset.analyticsScript)).toBe("ran");
    expect((await consentUpdates(page)).at(-1)).toEqual(["consent", "update", expectedUpdate({ analytics: true, marketing: true, preferences: true })]);

    const [receipt] = await receiptsFor(page);
    expect(receipt!.path).toBe("/proxy/consent");
    expect(receipt!.contentType).toMatch(/^text\/plain/);
    expect(receipt!.body).toEqual({
      consentId: await cookie(page, "cv_consent_id"),
      choices: { analytics: true, marketing: true, preferences: true, saleOfData: true },
      region: "DEBE",
      revision: 1,
      language: "en",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      path: "/",
    });
    expect(Math.abs(Date.parse(receipt!.body.timestamp as string) - Date.now())).toBeLessThan(60_000);
    const q = receipt!.query;
    expect([q.get("shop"), q.get("logged_in_customer_id"), q.get("path_prefix")]).toEqual([
      "consent-vault-preview.myshopify.com",
      "",
      "/apps/consent-vault",
    ]);
    expect(await libraryAcceptsAppProxyQuery(q)).toBe(true);
    await page.context().close();
  });

  it("given the banner, when the shopper rejects all, then every purpose is refused, nothing held runs and the receipt says so", async () => {
    const { page } = await visit();
    await button(page, "Reject all").click();
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "no", marketing: "no", preferences: "no", sale_of_data: "" });
    const [receipt] = await receiptsFor(page);
    expect(receipt!.body.choices).toEqual({ analytics: false, marketing: false, preferences: false, saleOfData: false });
    expect(await page.evaluate(() => document.documentElement.dataset.analyticsScript)).toBeUndefined();
    expect((await consentUpdates(page)).at(-1)).toEqual(["consent", "update", expectedUpdate({ analytics: false, marketing: false, preferences: false })]);
    await page.context().close();
  });

  it("given the preferences layer, when the shopper ticks analytics only and saves, then only analytics is granted", async () => {
    const { page } = await visit();
    await button(page, "Customize").click();
    expect(await dialog(page).getAttribute("aria-labelledby")).toBe("cv-ptitle");
    expect(await page.locator(".cv input[type=checkbox]").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual([
      false,
      false,
      false,
    ]);
    expect(await page.getByRole("checkbox", { name: "Do not sell or share my personal information" }).count()).toBe(0);
    await shot(page, "preferences-layer");
    await page.getByRole("checkbox", { name: "Analytics" }).check();
    await button(page, "Save choices").click();
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "yes", marketing: "no", preferences: "no", sale_of_data: "" });
    const [receipt] = await receiptsFor(page);
    expect(receipt!.body.choices).toEqual({ analytics: true, marketing: false, preferences: false, saleOfData: false });
    expect(await page.evaluate(() => document.documentElement.dataset.analyticsScript)).toBe("ran");
    expect((await consentUpdates(page)).at(-1)).toEqual(["consent", "update", expectedUpdate({ analytics: true, marketing: false, preferences: false })]);
    await page.context().close();
  });

  it("given a browser sending Global Privacy Control, when the shopper accepts all, then marketing stays off and the preferences layer shows why", async () => {
    const { page } = await visit("", { gpc: true });
    await button(page, "Customize").click();
    expect(await page.locator(".cv-gpc").textContent()).toContain("Global Privacy Control");
    const marketing = page.getByRole("checkbox", { name: "Marketing" });
    expect([await marketing.isChecked(), await marketing.isDisabled()]).toEqual([false, true]);
    await shot(page, "gpc-preferences");
    await button(page, "Accept all").click();
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "yes", marketing: "no", preferences: "yes", sale_of_data: "" });
    const [receipt] = await receiptsFor(page);
    expect(receipt!.body.choices).toEqual({ analytics: true, marketing: false, preferences: true, saleOfData: false });
    expect((await consentUpdates(page)).at(-1)).toEqual(["consent", "update", expectedUpdate({ analytics: true, marketing: false, preferences: true })]);
    await page.context().close();
  });

  it("given a data-sale opt-out region, when the shopper opens the settings and opts out of the sale of data only, then Shopify and the receipt record just that", async () => {
    const { page } = await visit("?sale_of_data_region=1");
    expect(await dialog(page).isVisible()).toBe(false);
    await button(page, "Privacy settings").click();
    // No consent is required here: the boxes show that processing is allowed until the shopper opts out.
    expect(await page.locator(".cv input[type=checkbox]").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    const optOut = page.getByRole("checkbox", { name: "Do not sell or share my personal information" });
    expect(await optOut.isChecked()).toBe(false);
    await shot(page, "sale-of-data");
    await optOut.check();
    await button(page, "Save choices").click();
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "yes", marketing: "yes", preferences: "yes", sale_of_data: "no" });
    const [receipt] = await receiptsFor(page);
    expect(receipt!.body).toMatchObject({
      region: "USCA",
      choices: { analytics: true, marketing: true, preferences: true, saleOfData: false },
    });
    await page.context().close();
  });

  it("given GPC in a data-sale opt-out region, when the settings open, then the opt-out is on and cannot be undone there", async () => {
    const { page } = await visit("?sale_of_data_region=1", { gpc: true });
    await button(page, "Privacy settings").click();
    const optOut = page.getByRole("checkbox", { name: "Do not sell or share my personal information" });
    expect([await optOut.isChecked(), await optOut.isDisabled()]).toEqual([true, true]);
    await button(page, "Accept all").click();
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "yes", marketing: "no", preferences: "yes", sale_of_data: "no" });
    const [receipt] = await receiptsFor(page);
    expect(receipt!.body.choices).toEqual({ analytics: true, marketing: false, preferences: true, saleOfData: false });
    await page.context().close();
  });

  it("given a choice under revision 1, when the merchant raises the revision to 2, then the shopper is asked again and the new receipt carries revision 2", async () => {
    const first = await visit();
    await button(first.page, "Accept all").click();
    await receiptsFor(first.page);
    await first.page.reload();
    await first.page.locator(".cv-reopen").waitFor({ state: "visible" });
    expect(await dialog(first.page).isVisible()).toBe(false);
    // A later page re-issues the choice to Google's tags and releases held scripts without asking.
    expect((await consentUpdates(first.page)).at(-1)).toEqual(["consent", "update", expectedUpdate({ analytics: true, marketing: true, preferences: true })]);
    expect(await first.page.evaluate(() => document.documentElement.dataset.analyticsScript)).toBe("ran");

    const { page } = await visit("?revision=2", { context: first.context });
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    await button(page, "Reject all").click();
    const receipts = await receiptsFor(page, 2);
    expect(receipts.map((r) => [r.body.revision, r.body.choices])).toEqual([
      [1, { analytics: true, marketing: true, preferences: true, saleOfData: true }],
      [2, { analytics: false, marketing: false, preferences: false, saleOfData: false }],
    ]);
    await first.context.close();
  });

  it("given a keyboard only, when the shopper customizes, escapes, rejects and reopens, then focus moves in and comes back each time", async () => {
    const { page } = await visit("?layout=modal");
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement;
        if (!active || active === document.body) return "";
        if (active.classList.contains("cv-reopen")) return "reopen";
        return active.getAttribute("role") ?? active.textContent?.trim() ?? "";
      });
    expect(await focused()).toBe("dialog");
    expect(await dialog(page).getAttribute("aria-modal")).toBe("true");
    // Modal: Tab cycles through the dialog's controls only.
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused());
    }
    expect(order).toEqual(["Privacy policy", "Accept all", "Reject all", "Customize", "Privacy policy"]);
    await page.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("Customize");
    await page.keyboard.press("Enter");
    expect(await dialog(page).getAttribute("aria-labelledby")).toBe("cv-ptitle");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
    expect(await page.getByRole("checkbox", { name: "Analytics" }).isChecked()).toBe(true);
    await page.keyboard.press("Escape");
    expect(await dialog(page).getAttribute("aria-labelledby")).toBe("cv-title");
    expect(await focused()).toBe("Customize");
    await page.keyboard.press("Shift+Tab");
    expect(await focused()).toBe("Reject all");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).toBe("solid");
    await page.keyboard.press("Enter");
    await expect.poll(() => trackingConsent(page)).toEqual({ analytics: "no", marketing: "no", preferences: "no", sale_of_data: "" });
    expect(await dialog(page).isVisible()).toBe(false);

    // Withdrawal is as easy as giving: the reopen button is reachable by keyboard.
    expect(await focused()).toBe("");
    for (let i = 0; i < 30 && (await focused()) !== "reopen"; i++) await page.keyboard.press("Tab");
    expect(await focused()).toBe("reopen");
    await page.keyboard.press("Enter");
    expect(await dialog(page).getAttribute("aria-labelledby")).toBe("cv-ptitle");
    expect(await focused()).toBe("dialog");
    await page.keyboard.press("Escape");
    expect(await dialog(page).isVisible()).toBe(false);
    expect(await focused()).toBe("reopen");
    await page.context().close();
  });

  it.each(["", "?layout=modal", "?layout=box&position=bottom-left&locale=de"])(
    "given the banner at %j, when axe checks the page in each layer and after closing, then it finds no violations",
    async (query) => {
      const { page } = await visit(query);
      const violations = async (when: string, ran = ["color-contrast", "button-name", "aria-dialog-name"]) => {
        const result = await new AxeBuilder({ page }).analyze();
        // The checks that matter here did run on the page (an empty violation list alone proves nothing).
        expect(result.passes.map((p) => p.id)).toEqual(expect.arrayContaining(ran));
        return result.violations.map((v) => `${when} ${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`);
      };
      expect(await violations("first layer")).toEqual([]);
      await page.locator(".cv-actions button:not([hidden])").nth(2).click();
      expect(await violations("preferences", ["color-contrast", "button-name", "aria-dialog-name", "label"])).toEqual([]);
      await page.locator(".cv-actions button:not([hidden])").nth(1).click();
      expect(await violations("closed", ["color-contrast", "button-name"])).toEqual([]);
      if (query.includes("box")) await shot(page, "box-de-closed");
      await page.context().close();
    },
    60_000,
  );

  it("given the banner appearing, opening its layers and closing, when layout shifts are measured in the page, then the total is 0", async () => {
    const { page } = await visit();
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    await button(page, "Customize").click();
    await page.getByRole("checkbox", { name: "Preferences" }).check();
    await button(page, "Save choices").click();
    await page.locator(".cv-reopen").waitFor({ state: "visible" });
    expect(await page.evaluate(() => (window as unknown as { cls: number }).cls)).toBe(0);
    await page.context().close();
  });

  it("given merchant colours too faint to read and a German storefront, when the banner shows, then text turns black and strings are German", async () => {
    const { page } = await visit("?locale=de&text_color=%23dddddd&button_color=%23ffe600&button_text_color=%23ffffff");
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    expect(await page.locator("#cv-title").evaluate((e) => getComputedStyle(e).color)).toBe("rgb(0, 0, 0)");
    expect(await page.locator(".cv-actions button").first().evaluate((e) => getComputedStyle(e).color)).toBe("rgb(0, 0, 0)");
    expect(await page.locator(".cv-actions button:not([hidden])").allTextContents()).toEqual(["Alle akzeptieren", "Alle ablehnen", "Anpassen"]);
    await shot(page, "contrast-corrected-de");
    await page.context().close();
  });

  it("given the merchant's own texts for every language and for German, when each storefront language shows the banner, then the German one wins in German only", async () => {
    const texts = encodeURIComponent("title: Cookies, briefly\nde.title: Kurz zu Cookies\nde.reject_all: Nein danke\nunknown_key: ignored");
    const german = await visit(`?locale=de&texts=${texts}`);
    await expect.poll(() => dialog(german.page).isVisible()).toBe(true);
    expect(await german.page.locator("#cv-title").textContent()).toBe("Kurz zu Cookies");
    expect(await german.page.locator(".cv-actions button:not([hidden])").allTextContents()).toEqual(["Alle akzeptieren", "Nein danke", "Anpassen"]);
    await german.context.close();
    const french = await visit(`?locale=fr&texts=${texts}`);
    await expect.poll(() => dialog(french.page).isVisible()).toBe(true);
    expect(await french.page.locator("#cv-title").textContent()).toBe("Cookies, briefly");
    expect(await french.page.locator(".cv-actions button:not([hidden])").allTextContents()).toEqual(["Tout accepter", "Tout refuser", "Personnaliser"]);
    await french.context.close();
  });

  it("given a shopper who prefers a dark scheme and reduced motion, when the banner shows, then it is dark and does not animate", async () => {
    const context = await browser.newContext({ colorScheme: "dark", reducedMotion: "reduce", viewport: { width: 390, height: 780 } });
    const { page } = await visit("", { context });
    await expect.poll(() => dialog(page).isVisible()).toBe(true);
    expect(await page.locator(".cv").evaluate((e) => [getComputedStyle(e).backgroundColor, getComputedStyle(e).animationName])).toEqual([
      "rgb(31, 31, 31)",
      "none",
    ]);
    await shot(page, "dark-mobile");
    await context.close();
  });
});
