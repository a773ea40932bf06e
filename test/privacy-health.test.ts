// The privacy health check: each check read from what the app really stores, run weekly for every
// installed shop and on demand from Home, with a dated report; a shop never sees another's.
import { beforeEach, describe, expect, it, vi } from "vitest";
import { adminApiFixture } from "../harness/admin-api-server";
import { appServices } from "../app/composition.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { healthCheckSentence } from "../app/privacy-health/health-check-words";
import { runHealthChecks } from "../app/privacy-health/health-checks.server";
import { checkShopHealthJob, weeklyHealthCheckJob } from "../app/privacy-health/jobs.server";
import { action, loader } from "../app/routes/app._index";
import { loader as reportLoader } from "../app/routes/app.health-report";
import { recordInstallation } from "../app/shops/installation.server";
import { shopRecordsHolder } from "../app/shops/shop-records-holder.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { vault } from "../app/vault/vault.server";
import { adminFormat } from "../app/i18n/format";
import { translator } from "../app/i18n/i18n";
import { backupNow } from "./helpers/backups";
import { healthCheckContext } from "./helpers/health-check";
import { relayOnce, runJobHandler } from "./helpers/jobs";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const shopifyAdmin = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());

const DAY_MS = 24 * 3600 * 1000;
const statuses = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((check) => [check.id, check.status]));
const request = (id: string, shop: string, dueAt: Date, status = "received") =>
  db().privacyRequest.create({ data: { id, shop, type: "data_request", deliveryId: `${id}-delivery`, status, receivedAt: new Date(dueAt.getTime() - 30 * DAY_MS), dueAt } });

// Unless a test says otherwise, Shopify reports our banner on in the live theme and its own off.
beforeEach(() => {
  shopifyAdmin.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-embed-enabled") });
  shopifyAdmin.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-off") });
});

describe("privacy health check", () => {
  it("given a new shop that stores nothing yet, then only the missing backup is a problem and the banner and retention need attention", async () => {
    const shop = "health-new.myshopify.com";
    await installShop(shop);

    const checks = await runHealthChecks(healthCheckContext(shop));

    expect(statuses(checks)).toEqual({ requests: "ok", banner: "attention", shopifyBanner: "ok", retention: "attention", shopKey: "ok", backup: "problem", auditChain: "ok", recipients: "ok", training: "ok" });
    expect(checks.find((c) => c.id === "shopKey")!.figures).toEqual({ ageDays: null });
    expect(checks.find((c) => c.id === "backup")!.figures).toEqual({ hoursAgo: null });
  });

  it("given an overdue request, a key older than a year, reviewed retention and a fresh backup, then each check says so with its figures", async () => {
    const shop = "health-busy.myshopify.com";
    await installShop(shop);
    const now = new Date();
    await request("health-overdue", shop, new Date(now.getTime() - DAY_MS));
    await request("health-due-soon", shop, new Date(now.getTime() + 2 * DAY_MS));
    await request("health-answered", shop, new Date(now.getTime() - 5 * DAY_MS), "completed");
    await upsertCustomer({ db: db(), vault: vault(), shop, customer: { id: "41", email: "ada@example.com", createdAt: now }, sourceUpdatedAt: now });
    await db().vaultShopKey.updateMany({ where: { shop }, data: { createdAt: new Date(now.getTime() - 400 * DAY_MS) } });
    await db().retentionSettings.create({ data: { shop, inactiveCustomerMonths: 24, consentReceiptDays: 365, exportDays: 30, auditDays: 730, inboxDays: 30 } });
    await backupNow(vault());

    const checks = await runHealthChecks({ ...healthCheckContext(shop), now });

    expect(statuses(checks)).toMatchObject({ requests: "problem", retention: "ok", shopKey: "attention", backup: "ok", auditChain: "ok" });
    expect(checks.find((c) => c.id === "requests")!.figures).toEqual({ overdue: 1, failed: 0, dueSoon: 1 });
    expect(checks.find((c) => c.id === "shopKey")!.figures).toEqual({ ageDays: 400 });
    expect(checks.find((c) => c.id === "backup")!.figures).toEqual({ hoursAgo: 0 });

    // A backup older than two scheduled runs means the schedule stopped.
    const later = new Date(now.getTime() + (2 * config().BACKUP_EVERY_HOURS + 2) * 3_600_000);
    expect(statuses(await runHealthChecks({ ...healthCheckContext(shop), now: later })).backup).toBe("problem");
  });

  it("given Shopify's own cookie banner, then it needs attention only while it shows next to ours, and when Shopify cannot be asked; each in the merchant's words", async () => {
    const shop = "health-two-banners.myshopify.com";
    await installShop(shop);
    const check = async () => (await runHealthChecks(healthCheckContext(shop))).find((c) => c.id === "shopifyBanner")!;
    const sentence = async (locale: "en" | "de") => healthCheckSentence(await check(), translator(locale), adminFormat({ locale, timeZone: "UTC" }));

    expect(await check()).toEqual({ id: "shopifyBanner", status: "ok", figures: { shopifyBanner: "off" } });

    shopifyAdmin.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-on") });
    expect(await check()).toEqual({ id: "shopifyBanner", status: "attention", figures: { shopifyBanner: "on" } });
    expect(await sentence("en")).toBe('Shopify\'s own cookie banner shows next to the Consent Vault banner, so shoppers are asked twice. Turn it off under "Set up Consent Vault" on Home.');

    // Our banner is off: Shopify's is then the only one, which the banner check above already flags.
    shopifyAdmin.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-embed-disabled") });
    expect(await check()).toMatchObject({ status: "ok", figures: { shopifyBanner: "on" } });

    shopifyAdmin.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-access-denied") });
    expect(await check()).toEqual({ id: "shopifyBanner", status: "attention", figures: { shopifyBanner: null } });
    expect(await sentence("de")).toBe("Wir konnten Shopify nicht fragen, ob sein eigenes Cookie-Banner eingeschaltet ist. Wähle „Jetzt prüfen“, um erneut zu fragen.");
  });

  it("given a shop whose offline token is gone, then the weekly check still runs and says Shopify could not be asked", async () => {
    const shop = "health-no-token.myshopify.com";
    await installShop(shop);
    await db().session.deleteMany({ where: { shop } });

    await runJobHandler(checkShopHealthJob, { shop }, { attempt: 1, maxAttempts: 3 });

    const report = await db().privacyHealthReport.findFirstOrThrow({ where: { shop } });
    expect(JSON.parse(report.checks).find((c: { id: string }) => c.id === "shopifyBanner")).toMatchObject({ status: "attention", figures: { shopifyBanner: null } });
  });

  it("given an audit entry changed after it was written, then the audit chain check is a problem naming the entry", async () => {
    const shop = "health-tampered.myshopify.com";
    await installShop(shop);
    await respond(async () => action({ request: await adminRequest("/app", shop, { form: { intent: "sync-now" } }), params: {}, context: {} }));
    const entry = await db().auditEvent.findFirstOrThrow({ where: { shop }, orderBy: { seq: "asc" } });
    await db().auditEvent.update({ where: { id: entry.id }, data: { action: "something.else" } });

    const chain = (await runHealthChecks(healthCheckContext(shop))).find((c) => c.id === "auditChain")!;

    expect(chain).toMatchObject({ status: "problem", figures: { brokenAt: entry.seq } });
  });

  it("given staff press Check now on Home, then the shop's report is stored and shown, downloadable as a dated report in the admin's language, and another shop sees none of it", async () => {
    const shop = "health-home.myshopify.com";
    const other = "health-home-other.myshopify.com";
    await installShop(shop);
    await installShop(other);

    const checked = await respond(async () => action({ request: await adminRequest("/app", shop, { form: { intent: "health-check" } }), params: {}, context: {} }));
    expect(await checked.json()).toEqual({ checked: true });

    const home = await (await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json();
    expect(home.health.checks.map((c: { id: string }) => c.id)).toEqual(["requests", "banner", "shopifyBanner", "retention", "shopKey", "backup", "auditChain", "recipients", "training"]);
    const otherHome = await (await respond(async () => loader({ request: await adminRequest("/app", other), params: {}, context: {} }))).json();
    expect(otherHome.health).toBeNull();
    expect((await respond(async () => reportLoader({ request: await adminRequest("/app/health-report", other), params: {}, context: {} }))).status).toBe(404);

    const download = await respond(async () => reportLoader({ request: await adminRequest("/app/health-report?locale=de", shop), params: {}, context: {} }));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="privacy-health-check-${home.health.checkedAt.slice(0, 10)}.html"`);
    const html = await download.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain(`Datenschutz-Check von ${shop}`);
    // Backups belong to the installation (another test of this file took one), retention to the shop.
    expect(html).toContain("<th scope=\"row\">Sicherungen</th>");
    expect(html).toContain("Die Standardfristen gelten und wurden nie geprüft");
    expect(html).not.toContain("health.");
  });

  it("given a malformed intent, then Home answers 400 and stores no report", async () => {
    const shop = "health-bad.myshopify.com";
    await installShop(shop);
    const response = await respond(async () => action({ request: await adminRequest("/app", shop, { form: { intent: "health-check-everything" } }), params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect(await db().privacyHealthReport.count({ where: { shop } })).toBe(0);
  });

  it("given installed shops, when the weekly run fires, then each installed shop gets one check, an uninstalled shop none; shop erasure removes the reports", async () => {
    const shops = ["health-weekly-a.myshopify.com", "health-weekly-b.myshopify.com", "health-weekly-gone.myshopify.com"];
    for (const shop of shops) {
      await installShop(shop);
      await recordInstallation({ db: db(), shop });
    }
    await db().shop.update({ where: { domain: shops[2]! }, data: { uninstalledAt: new Date() } });

    expect(await runJobHandler(weeklyHealthCheckJob, {}, { attempt: 1, maxAttempts: 3 })).toMatchObject({ shops: expect.any(Number) });
    await relayOnce();
    const maintenance = await queues().get("maintenance");
    const queued = (await maintenance.getJobs(["waiting"])).filter((job) => job.name === checkShopHealthJob.name).map((job) => job.data.shop as string);
    expect(queued).toEqual(expect.arrayContaining(shops.slice(0, 2)));
    expect(queued).not.toContain(shops[2]);
    // Run twice in a week: still one check per shop waiting.
    await runJobHandler(weeklyHealthCheckJob, {}, { attempt: 1, maxAttempts: 3 });
    await relayOnce();
    const again = (await maintenance.getJobs(["waiting"])).filter((job) => job.name === checkShopHealthJob.name && job.data.shop === shops[0]);
    expect(again).toHaveLength(1);

    await runJobHandler(checkShopHealthJob, { shop: shops[0]! }, { attempt: 1, maxAttempts: 3 });
    expect(await db().privacyHealthReport.count({ where: { shop: shops[0]! } })).toBe(1);
    await shopRecordsHolder.eraseShop({ ...appServices(), shop: shops[0]! });
    expect(await db().privacyHealthReport.count({ where: { shop: shops[0]! } })).toBe(0);
  });
});
