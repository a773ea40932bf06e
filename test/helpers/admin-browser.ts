// The embedded admin in real Chromium, as Shopify's admin would frame it: the app answers at its
// configured URL (routed to the app process over real HTTP), every page load carries a session token
// signed with the app secret, and App Bridge is the documented-contract double of
// harness/app-bridge-double.ts (its CDN script is unreachable here). Fonts and images from Shopify's
// CDN are answered empty, so nothing waits on the network.
import { API_KEY, API_SECRET_KEY, getJwt } from "@shopify/shopify-api/test-helpers";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { APP_BRIDGE_DOUBLE_SCRIPT, APP_BRIDGE_URL } from "../../harness/app-bridge-double";
import { APP_URL } from "./shopify";

const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** The reason of an AbortSignal aborted without one (DOMException's message in Chromium). */
const ABORTED_REQUEST = "signal is aborted without reason";

export interface AdminBrowserOptions {
  appUrl: string;
  shop: string;
  locale: string;
  timezoneId: string;
  viewport: { width: number; height: number };
}

export interface AdminTab {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions (hydration mismatches land here too). */
  errors: string[];
  /**
   * Opens `path` as the admin would: embedded, with shop, host, locale and a fresh session token;
   * `outsideAdmin` opens it as a merchant typing the address (only the locale).
   */
  open(path: string, options?: { outsideAdmin?: boolean }): Promise<number>;
}

const sessionToken = async (shop: string) => (await getJwt(shop.replace(".myshopify.com", ""), API_KEY, API_SECRET_KEY)).token;

export async function openAdminTab(browser: Browser, { appUrl, shop, locale, timezoneId, viewport }: AdminBrowserOptions): Promise<AdminTab> {
  // Headless Chromium names itself "HeadlessChrome", which Shopify's library turns away as a bot.
  const userAgent = (await browser.newBrowserCDPSession().then(async (cdp) => (await cdp.send("Browser.getVersion")).userAgent)).replace("HeadlessChrome", "Chrome");
  const context = await browser.newContext({ viewport, locale, timezoneId, userAgent, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  await context.exposeFunction("__appBridgeDoubleIdToken", () => sessionToken(shop));
  await context.route(`${APP_URL}/**`, async (route) => {
    const url = new URL(route.request().url());
    // As the reverse proxy in front of the app in production would: the app's public host travels in
    // X-Forwarded-Host (Remix compares it with Origin before running an action).
    const headers = { ...route.request().headers(), "x-forwarded-host": url.host };
    try {
      const response = await route.fetch({ url: `${appUrl}${url.pathname}${url.search}`, headers, maxRedirects: 0 });
      await route.fulfill({ response });
    } catch (error) {
      // The page went on (a navigation cancelled the request, or the tab closed) while the request
      // was in flight, which disposes the fetched response: nobody waits for it any more. Anything
      // else is a real failure.
      if (!/disposed|closed/i.test((error as Error).message)) throw error;
    }
  });
  await context.route("https://cdn.shopify.com/**", async (route) => {
    const url = route.request().url();
    if (url === APP_BRIDGE_URL) return route.fulfill({ contentType: "text/javascript", body: APP_BRIDGE_DOUBLE_SCRIPT });
    if (url.endsWith(".css")) return route.fulfill({ contentType: "text/css", body: "" });
    return route.fulfill({ contentType: "image/png", body: PIXEL });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    // Remix logs the reason of a data request it cancelled itself (a revalidation overtaken by the next
    // navigation, on a busy machine) while decoding its body: an interrupted request, not a failure.
    if (message.type() === "error" && message.text() !== ABORTED_REQUEST) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const open = async (path: string, { outsideAdmin = false } = {}) => {
    const url = new URL(path, APP_URL);
    url.searchParams.set("locale", locale);
    if (!outsideAdmin) {
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", shop);
      url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64"));
      url.searchParams.set("id_token", await sessionToken(shop));
    }
    const response = await page.goto(url.toString(), { waitUntil: "networkidle" });
    return response?.status() ?? 0;
  };
  return { page, context, errors, open };
}
