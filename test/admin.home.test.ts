import { afterAll, describe, expect, it, vi } from "vitest";
import { action, loader } from "../app/routes/app._index";
import { action as settingsAction } from "../app/routes/app.settings";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { db } from "../app/db.server";
import { adminApiFixture } from "../harness/admin-api-server";
import { recordInstallation } from "../app/shops/installation.server";
import { defaultRetentionPeriods, saveRetentionPeriods } from "../app/retention/retention-periods.server";

// Home asks Shopify whether its own cookie banner still shows (the setup guide's step).
const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());
server.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-on") });
server.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-without-embed") });

describe("admin home", () => {
  it("given a session token signed with the app secret, when the home loads, then it shows this shop's installation", async () => {
    const shop = "test-shop.myshopify.com";
    await installShop(shop);
    await recordInstallation({ db: db(), shop, now: new Date("2026-11-01T10:00:00Z") });

    const response = await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }));

    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.overview).toEqual({ shop, installedAt: "2026-11-01T10:00:00.000Z" });
  });

  it("given no session token, then the loader serves no data and sends the browser to log in", async () => {
    const response = await respond(async () =>
      loader({ request: new Request("https://my-test-app.myshopify.io/app?shop=test-shop.myshopify.com"), params: {}, context: {} }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/auth/login");
    expect(await response.text()).toBe("");
  });

  it("given a session token with a forged signature, then no data is served and the browser is bounced to get a fresh token", async () => {
    const shop = "test-shop.myshopify.com";
    await installShop(shop);
    const request = await adminRequest("/app", shop);
    const url = new URL(request.url);
    const [header, payload] = url.searchParams.get("id_token")!.split(".");
    url.searchParams.set("id_token", `${header}.${payload}.forgedsignature`);
    const response = await respond(() => loader({ request: new Request(url), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/auth/session-token");
  });
});

describe("admin home: background work", () => {
  it("given a task set aside after repeated relay failures, then Home reports it and staff can queue it again (audited), for their shop only", async () => {
    const shop = "stuck-work.myshopify.com";
    const other = "stuck-work-other.myshopify.com";
    await installShop(shop);
    const setAside = { queue: "maintenance", job: "sessions.purge-expired", payload: "{}", attempts: 10, deadAt: new Date(), lastError: "unexpected token" };
    await db().outboxMessage.create({ data: { id: "dead-1", shop, ...setAside } });
    await db().outboxMessage.create({ data: { id: "dead-other", shop: other, ...setAside } });

    const home = await (await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json();
    expect(home.work).toEqual({ stuck: 0, deadLettered: 1 });

    const response = await respond(async () => action({ request: await adminRequest("/app", shop, { form: { intent: "retry-set-aside" } }), params: {}, context: {} }));

    expect(await response.json()).toEqual({ retried: 1 });
    expect(await db().outboxMessage.findUniqueOrThrow({ where: { id: "dead-1" } })).toMatchObject({ deadAt: null, attempts: 0, lastError: null });
    expect((await db().outboxMessage.findUniqueOrThrow({ where: { id: "dead-other" } })).deadAt).toBeInstanceOf(Date);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop, action: "jobs.set-aside.retried" } });
    expect(audit.actor).toMatch(/^staff:/);
  });
});

describe("admin home: setup guide", () => {
  it("given a new install, then no step is done; each step turns done only when the app stores what it checks, for this shop only", async () => {
    const shop = "setup-guide.myshopify.com";
    const other = "setup-guide-other.myshopify.com";
    await installShop(shop);
    const home = async () => (await (await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json()) as { setup: Record<string, boolean | string>; consent: Record<string, number>; bannerEmbedUrl: string };

    expect((await home()).setup).toEqual({ fieldsChosen: false, firstSyncDone: false, bannerLive: false, bannerEmbed: "not-added", shopifyBanner: "on", retentionSet: false, revealAllowed: false });
    expect((await home()).bannerEmbedUrl).toBe(`https://${shop}/admin/themes/current/editor?context=apps&activateAppId=testApiKey/consent-banner`);

    // Saving the field choice through Settings, as staff would.
    const saveFields = async () => respond(async () => settingsAction({ request: await adminRequest("/app/settings", shop, { form: { names: "true", phone: "false", address: "false", note: "false" } }), params: {}, context: {} }));
    expect(await (await saveFields()).json()).toEqual({ saved: true, changed: true, cleared: ["phone"] });
    // Saving the same choice again changes nothing and is not audited as a change.
    expect(await (await saveFields()).json()).toEqual({ saved: true, changed: false, cleared: [] });
    expect(await db().auditEvent.count({ where: { shop, action: "sync.fields.changed" } })).toBe(1);
    await db().syncState.create({ data: { shop, status: "completed", lastFullSyncAt: new Date() } });
    await db().syncState.create({ data: { shop: other, status: "completed", lastFullSyncAt: new Date() } });
    const receipt = { requestKey: "k", consentId: "c", analytics: true, marketing: false, preferences: true, saleOfData: false, region: "DE", revision: 1, language: "de", declaredAt: new Date(), recordedAt: new Date(), path: "/" };
    await db().consentReceipt.create({ data: { id: "receipt-other", shop: other, ...receipt } });
    expect((await home()).setup).toEqual({ fieldsChosen: true, firstSyncDone: true, bannerLive: false, bannerEmbed: "not-added", shopifyBanner: "on", retentionSet: false, revealAllowed: false });

    // A consent choice from more than 30 days ago says nothing about the banner being on now.
    await db().consentReceipt.create({ data: { id: "receipt-old", shop, ...receipt, requestKey: "old", recordedAt: new Date(Date.now() - 31 * 24 * 3600 * 1000) } });
    expect((await home()).setup.bannerLive).toBe(false);
    await db().consentReceipt.create({ data: { id: "receipt-new", shop, ...receipt, requestKey: "new", marketing: true } });
    const now = await home();
    expect(now.setup.bannerLive).toBe(true);
    expect(now.consent).toEqual({ choices: 1, marketing: 1, analytics: 1 });

    // Retention saved and a staff member allowed to reveal data: in another shop first, which counts for nothing here.
    for (const owner of [other, shop]) {
      await saveRetentionPeriods({ db: db(), shop: owner, actor: "staff:1", periods: defaultRetentionPeriods(), confirmedShortening: false });
      await db().staffPermission.create({ data: { shop: owner, userId: "42", mayReveal: owner === shop, grantedBy: "staff:1" } });
      if (owner === other) expect((await home()).setup).toMatchObject({ retentionSet: false, revealAllowed: false });
    }
    // Our embed switched on in the live theme and Shopify's own banner turned off (read from Shopify, not stored).
    server.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-embed-enabled") });
    server.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-off") });
    expect((await home()).setup).toEqual({ fieldsChosen: true, firstSyncDone: true, bannerLive: true, bannerEmbed: "enabled", shopifyBanner: "off", retentionSet: true, revealAllowed: true });
  });
});

describe("admin home: activity chart", () => {
  it("given consent choices and privacy requests over the last days, then Home counts each per UTC day, oldest first, for this shop only", async () => {
    const shop = "activity-chart.myshopify.com";
    const other = "activity-chart-other.myshopify.com";
    await installShop(shop);
    const DAY = 24 * 3600 * 1000;
    const today = new Date(new Date().toISOString().slice(0, 10) + "T00:00:00Z");
    const at = (daysAgo: number, hour: number) => new Date(today.getTime() - daysAgo * DAY + hour * 3600 * 1000);
    const receipt = (id: string, owner: string, recordedAt: Date) =>
      db().consentReceipt.create({ data: { id, shop: owner, requestKey: id, consentId: "c", analytics: true, marketing: false, preferences: true, saleOfData: false, region: "DE", revision: 1, language: "de", declaredAt: recordedAt, recordedAt, path: "/" } });
    const request = (id: string, owner: string, receivedAt: Date) =>
      db().privacyRequest.create({ data: { id, shop: owner, type: "data_request", deliveryId: id, status: "received", receivedAt, dueAt: new Date(receivedAt.getTime() + 30 * DAY) } });
    // Two choices just after and before midnight UTC fall on two days; one too old to show; another shop's.
    await receipt("a1", shop, at(0, 0));
    await receipt("a2", shop, at(1, 23.99));
    await receipt("a3", shop, at(1, 1));
    await receipt("old", shop, at(30, 12));
    await receipt("b1", other, at(0, 1));
    await request("r1", shop, at(2, 10));
    await request("r2", other, at(2, 10));

    const home = (await (await respond(async () => loader({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json()) as { activity: { day: string; consentChoices: number; privacyRequests: number }[] };

    expect(home.activity).toHaveLength(30);
    expect(home.activity.at(-1)).toEqual({ day: today.toISOString().slice(0, 10), consentChoices: 1, privacyRequests: 0 });
    expect(home.activity.at(-2)).toMatchObject({ consentChoices: 2, privacyRequests: 0 });
    expect(home.activity.at(-3)).toMatchObject({ consentChoices: 0, privacyRequests: 1 });
    expect(home.activity.reduce((sum, day) => sum + day.consentChoices, 0)).toBe(3);
    expect(home.activity[0]!.day < home.activity[29]!.day).toBe(true);
  });
});
