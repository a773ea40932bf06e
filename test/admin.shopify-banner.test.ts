// Shopify's own cookie banner, retired from Home's setup guide or the Consent page: its state read
// through the real loaders, the turn-off through the real action with signed session tokens, and
// Shopify's Admin API answered from its documented shapes (privacySettings, privacyFeaturesDisable).
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../app/db.server";
import { loader as homeLoader } from "../app/routes/app._index";
import { loader as consentLoader } from "../app/routes/app.consent";
import { action as retireAction } from "../app/routes/app.consent.shopify-banner";
import { adminApiFixture } from "../harness/admin-api-server";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());

const AUDIT_ACTION = "consent.shopify_banner.retired";

function bannerAnswer(fixture: string) {
  server.answerOperation("ShopifyCookieBanner", { body: adminApiFixture(fixture) });
}

function themeAnswer(fixture: string) {
  server.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture(fixture) });
}

async function retire(shop: string) {
  return respond(async () => retireAction({ request: await adminRequest("/app/consent/shopify-banner", shop, { form: {} }), params: {}, context: {} }));
}

const sentMutations = (since: number) => server.requests.slice(since).filter((request) => request.body.includes("privacyFeaturesDisable"));
const auditOf = (shop: string) => db().auditEvent.findMany({ where: { shop, action: AUDIT_ACTION } });

beforeEach(() => {
  themeAnswer("main-theme-embed-enabled");
  server.answerOperation("RetireShopifyCookieBanner", { body: adminApiFixture("privacy-features-disable") });
});

describe("reading Shopify's banner", () => {
  it.each([
    ["privacy-settings-banner-on", "on"],
    ["privacy-settings-banner-off", "off"],
    ["privacy-settings-access-denied", "unknown"],
  ])("given privacySettings answers %s, then the Consent page and Home's setup step both say %s", async (fixture, state) => {
    const shop = `shopify-banner-${state}.myshopify.com`;
    const session = await installShop(shop);
    bannerAnswer(fixture);
    const before = server.requests.length;

    const consent = await (await respond(async () => consentLoader({ request: await adminRequest("/app/consent", shop), params: {}, context: {} }))).json();
    const home = await (await respond(async () => homeLoader({ request: await adminRequest("/app", shop), params: {}, context: {} }))).json();

    expect(consent.shopifyBanner).toBe(state);
    expect(home.setup.shopifyBanner).toBe(state);
    const asked = server.requests.slice(before).filter((request) => request.body.includes("ShopifyCookieBanner"));
    expect(asked).toHaveLength(2);
    expect(asked[0]!.headers["x-shopify-access-token"]).toBe(session.accessToken);
    expect(JSON.parse(asked[0]!.body).query).toContain("privacySettings { banner { enabled } }");
  });

  it("given Shopify failing, then Home still loads and the step says it could not be checked", async () => {
    const shop = "shopify-banner-down.myshopify.com";
    await installShop(shop);
    server.answerOperation("ShopifyCookieBanner", { status: 503, body: "unavailable" });

    const response = await respond(async () => homeLoader({ request: await adminRequest("/app", shop), params: {}, context: {} }));

    expect(response.status).toBe(200);
    expect((await response.json()).setup.shopifyBanner).toBe("unknown");
  });
  it("given the shop's offline token gone (revoked, not renewable), then Home still loads and says both banner checks could not be made", async () => {
    const shop = "shopify-banner-no-token.myshopify.com";
    await installShop(shop);
    await db().session.deleteMany({ where: { shop, isOnline: false } });
    const before = server.requests.length;

    const response = await respond(async () => homeLoader({ request: await adminRequest("/app", shop), params: {}, context: {} }));

    expect(response.status).toBe(200);
    expect((await response.json()).setup).toMatchObject({ bannerEmbed: "unknown", shopifyBanner: "unknown" });
    expect(server.requests.length).toBe(before);
  });
});

describe("turning Shopify's banner off", () => {
  it("given our banner on in the live theme, then Shopify is asked to disable COOKIE_BANNER once and the change is audited with the staff member", async () => {
    const shop = "retire-ok.myshopify.com";
    const session = await installShop(shop);
    const before = server.requests.length;

    const response = await retire(shop);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ outcome: "retired" });
    const [mutation, ...more] = sentMutations(before);
    expect(more).toEqual([]);
    expect(JSON.parse(mutation!.body).query).toContain("privacyFeaturesDisable(featuresToDisable: [COOKIE_BANNER])");
    expect(mutation!.headers["x-shopify-access-token"]).toBe(session.accessToken);
    const [entry, ...others] = await auditOf(shop);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ actor: `staff:${USER_ID}`, detail: JSON.stringify({ theme: "Dawn" }) });
  });

  it.each([
    ["main-theme-embed-disabled", "switched off"],
    ["main-theme-without-embed", "never added"],
    ["no-main-theme", "no live theme"],
    ["themes-access-denied", "theme unreadable"],
  ])("given our banner %s (%s), then it refuses with 409, asks Shopify nothing and records nothing", async (fixture) => {
    const shop = `retire-refused-${fixture}.myshopify.com`;
    await installShop(shop);
    themeAnswer(fixture);
    const before = server.requests.length;

    const response = await retire(shop);

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ outcome: "our-banner-off" });
    expect(sentMutations(before)).toEqual([]);
    expect(await auditOf(shop)).toEqual([]);
  });

  it.each([
    ["a user error", { body: adminApiFixture("privacy-features-disable-failed") }],
    ["a server error", { status: 500, body: "boom" }],
  ])("given Shopify answering with %s, then it says so with 502 and records nothing", async (kind, answer) => {
    const shop = `retire-failed-${kind.replaceAll(" ", "-")}.myshopify.com`;
    await installShop(shop);
    server.answerOperation("RetireShopifyCookieBanner", answer);

    const response = await retire(shop);

    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ outcome: "failed" });
    expect(await auditOf(shop)).toEqual([]);
  });

  it("given two shops, then retiring in one records nothing in the other", async () => {
    const [a, b] = ["retire-shop-a.myshopify.com", "retire-shop-b.myshopify.com"];
    await Promise.all([installShop(a), installShop(b)]);

    expect((await retire(a)).status).toBe(200);

    expect(await auditOf(a)).toHaveLength(1);
    expect(await auditOf(b)).toEqual([]);
  });

  it("given a request without a session token, then it is sent to log in and Shopify is not asked", async () => {
    const before = server.requests.length;
    const response = await respond(() => retireAction({ request: new Request("https://my-test-app.myshopify.io/app/consent/shopify-banner", { method: "POST" }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/\/auth\/login/);
    expect(sentMutations(before)).toEqual([]);
  });
});
