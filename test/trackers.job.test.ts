// The storefront scan as a job (payload: the shop only) and as the Consent page shows it: the scan of
// the sample storefront in Chromium stored per shop, the rule set written with metafieldsSet to the
// app installation (Admin API answered from documented shapes), the difference between scans, and
// "Scan now" from the admin, each scoped to the shop that asks.
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { UnrecoverableError } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appServices, JOB_HANDLERS } from "../app/composition.server";
import { db } from "../app/db.server";
import { log } from "../app/log.server";
import { loader as consentLoader } from "../app/routes/app.consent";
import { action as scanAction } from "../app/routes/app.consent.scan";
import { scanStorefrontJob } from "../app/trackers/jobs.server";
import { createStorefrontScanner, type StorefrontScanner } from "../app/trackers/storefront-scanner.server";
import { adminApiFixture } from "../harness/admin-api-server";
import { startPreviewStorefront } from "../scripts/preview-storefront/server";
import { CHROMIUM } from "./helpers/chromium";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { fetchShopFrom, routeTrackerHosts } from "../harness/tracker-hosts";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
// The Consent page also asks about Shopify's own cookie banner, alongside the calls scripted here.
server.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-off") });

const SHOP = "scan-job.myshopify.com";
const OTHER_SHOP = "scan-job-other.myshopify.com";

let preview: Awaited<ReturnType<typeof startPreviewStorefront>>;

beforeAll(async () => {
  preview = await startPreviewStorefront({ appUrl: "http://127.0.0.1:9", apiSecret: "unused", shop: SHOP, withTrackers: true });
  for (const shop of [SHOP, OTHER_SHOP]) {
    await installShop(shop);
    await db().shop.create({ data: { domain: shop } });
  }
});

afterAll(async () => {
  await preview?.close();
  await server.close();
});

const scanners = {
  browser: () => createStorefrontScanner({ chromiumPath: CHROMIUM, fetchPage: fetchShopFrom(preview.url), prepareContext: routeTrackerHosts({ shopHost: SHOP, storefrontUrl: preview.url }) }),
  static: () => createStorefrontScanner({ chromiumPath: null, fetchPage: fetchShopFrom(preview.url) }),
};

/** Runs the job's handler as a worker would, with the process's services and the given scanner. */
function runScan(shop: string, storefrontScanner: StorefrontScanner) {
  const handler = JOB_HANDLERS.find((candidate) => candidate.type === scanStorefrontJob)!;
  return handler.handle(scanStorefrontJob.payload.parse({ shop }), { ...appServices(), storefrontScanner }, { log, attempt: 1, maxAttempts: 3, retryDelayMs: 0 });
}

const answerPublish = () => server.answer({ body: adminApiFixture("current-app-installation") }, { body: adminApiFixture("tracker-rules-metafields-set") });

async function overviewOf(shop: string) {
  server.answer({ body: adminApiFixture("main-theme-embed-enabled") });
  const response = await respond(async () => consentLoader({ request: await adminRequest("/app/consent", shop), params: {}, context: {} }));
  expect(response.status).toBe(200);
  return (await response.json()).trackers;
}

describe("the storefront scan job", () => {
  it("given the static scan before and then the browser scan, when each runs as the job, then the scans are stored for the shop only, the rule set is written to the app installation, and the page shows the difference", async () => {
    answerPublish();
    expect(await runScan(SHOP, scanners.static())).toMatchObject({ method: "static", trackers: 6, violations: 6 });

    answerPublish();
    const before = server.requests.length;
    expect(await runScan(SHOP, scanners.browser())).toMatchObject({ method: "browser", trackers: 8, violations: 8 });

    const [owner, set] = server.requests.slice(before).map((request) => JSON.parse(request.body) as { query: string; variables?: { metafields: Record<string, string>[] } });
    expect(owner!.query).toContain("currentAppInstallation");
    const [metafield] = set!.variables!.metafields;
    expect(metafield).toMatchObject({ ownerId: "gid://shopify/AppInstallation/2740107", namespace: "consent_vault", key: "tracker_rules", type: "json" });
    expect(JSON.parse(metafield!.value!)).toEqual({
      analytics: ["analytics.tiktok.com", "static.hotjar.com", "www.google-analytics.com"],
      marketing: ["connect.facebook.net", "www.facebook.com", "www.googletagmanager.com", "www.youtube.com"],
    });

    const overview = await overviewOf(SHOP);
    expect(overview).toMatchObject({ method: "browser", held: [], removed: [] });
    expect(overview.pages.map((page: { path: string }) => page.path)).toEqual(["/", "/collections/new-arrivals", "/products/linen-shirt", "/cart"]);
    // What only a browser sees: the beacon GA4's tag sends, and the Meta pixel its script sends.
    expect(overview.added.sort()).toEqual(["Facebook Custom Audience", "Google Analytics"]);
    expect(overview.violations).toHaveLength(8);
    expect(await overviewOf(OTHER_SHOP)).toBeNull();
    expect(await db().trackerScan.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  }, 120_000);

  it("given the published rules on the storefront, when scanned again, then the page shows them held and only what no script can hold as violations", async () => {
    const { rules } = (await db().trackerScan.findFirst({ where: { shop: SHOP }, orderBy: { scannedAt: "desc" } }))!;
    preview.setTrackerRules(JSON.parse(rules));
    answerPublish();
    await runScan(SHOP, scanners.browser());

    const overview = await overviewOf(SHOP);
    expect(overview.violations).toEqual(["YouTube", "cdn.trackly-pixel.example"]);
    expect(overview.held).toEqual(["Facebook", "Google Tag", "YouTube", "Hotjar", "TikTok Analytics"]);
    expect(overview.added).toEqual([]);
    expect(overview.removed.sort()).toEqual(["Facebook Custom Audience", "Google Analytics"]);
  }, 120_000);

  it("given Shopify refuses the metafield, when the job runs, then it fails and no scan is stored", async () => {
    const stored = await db().trackerScan.count({ where: { shop: SHOP } });
    server.answer({ body: adminApiFixture("current-app-installation") }, { body: adminApiFixture("metafields-set-user-error") });
    await expect(runScan(SHOP, scanners.static())).rejects.toThrow(/metafieldsSet refused: metafields.0.value/);
    expect(await db().trackerScan.count({ where: { shop: SHOP } })).toBe(stored);
  });

  it("given a payload with more than the shop, or an uninstalled shop, then the job refuses it and stores nothing", async () => {
    expect(() => scanStorefrontJob.payload.parse({ shop: SHOP, url: "https://example.com" })).toThrow();
    expect(() => scanStorefrontJob.payload.parse({ shop: "" })).toThrow();
    await db().shop.update({ where: { domain: OTHER_SHOP }, data: { uninstalledAt: new Date() } });
    await expect(runScan(OTHER_SHOP, scanners.static())).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await db().trackerScan.count({ where: { shop: OTHER_SHOP } })).toBe(0);
  });
});

describe("Scan now on the Consent page", () => {
  it("given a merchant's click, then a scan of their shop is queued with the shop as its only payload, and audited", async () => {
    const response = await respond(async () => scanAction({ request: await adminRequest("/app/consent/scan", SHOP, { form: {} }), params: {}, context: {} }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ queued: true });
    const queued = await db().outboxMessage.findMany({ where: { shop: SHOP, job: scanStorefrontJob.name } });
    expect(queued.map((row) => JSON.parse(row.payload))).toEqual([{ shop: SHOP }]);
    const audit = await db().auditEvent.findMany({ where: { shop: SHOP, action: "trackers.scan.requested" } });
    expect(audit.map((event) => event.actor)).toEqual([`staff:${USER_ID}`]);
  });

  it("given a request without a session token, then it is sent to log in and nothing is queued", async () => {
    const queued = () => db().outboxMessage.count({ where: { job: scanStorefrontJob.name } });
    const before = await queued();
    const response = await respond(() => scanAction({ request: new Request("https://my-test-app.myshopify.io/app/consent/scan", { method: "POST" }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/\/auth\/login/);
    expect(await queued()).toBe(before);
  });
});
