// The admin Consent page through its real loader and actions, with signed session tokens: the embed's
// state read from the live theme (Admin API answered from documented shapes), the choice statistics,
// the look-up that proves a consent, and the CSV export, each scoped to the shop that asks.
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { translator } from "../app/i18n/i18n";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { embedStateFromSettings } from "../app/consent/embed-status.server";
import { receiveConsentReceipt } from "../app/consent/receive-receipt.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { log } from "../app/log.server";
import { action as consentAction, loader as consentLoader } from "../app/routes/app.consent";
import { loader as exportLoader } from "../app/routes/app.consent.export";
import { adminApiFixture } from "../harness/admin-api-server";
import { newConsentId, sampleConsentReceipt } from "../harness/app-proxy";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());
// Read by the page next to the theme, in no fixed order; its own tests are in admin.shopify-banner.test.ts.
server.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-off") });

const DAY_MS = 24 * 3600 * 1000;
const STAFF = `staff:${USER_ID}`;
const ACCEPT = { analytics: true, marketing: true, preferences: true, saleOfData: true };
const REJECT = { analytics: false, marketing: false, preferences: false, saleOfData: false };
const CUSTOM = { analytics: true, marketing: false, preferences: false, saleOfData: false };

async function openPage(shop: string, query = "") {
  return respond(async () => consentLoader({ request: await adminRequest(`/app/consent${query}`, shop), params: {}, context: {} }));
}

async function lookUp(shop: string, consentId: string) {
  return respond(async () => consentAction({ request: await adminRequest("/app/consent", shop, { form: { consentId } }), params: {}, context: {} }));
}

async function download(shop: string, query: string) {
  return respond(async () => exportLoader({ request: await adminRequest(`/app/consent/export${query}`, shop), params: {}, context: {} }));
}

/** One receipt received through the real receiving function, as if it arrived `daysAgo` days ago. */
async function record(shop: string, choices: typeof ACCEPT, { region = "DEBE", daysAgo = 0, consentId = newConsentId(), customerId = null as string | null } = {}) {
  const now = new Date(Date.now() - daysAgo * DAY_MS);
  const body = JSON.stringify({ ...sampleConsentReceipt(), consentId, choices, region, timestamp: now.toISOString() });
  const outcome = await receiveConsentReceipt({
    db: db(),
    redis: queues().connection,
    redisPrefix: process.env.REDIS_PREFIX!,
    log,
    shop,
    customerId,
    signature: newConsentId(),
    body,
    ip: null,
    now,
  });
  if (outcome.outcome !== "recorded") throw new Error(`receipt not recorded: ${outcome.outcome}`);
  return consentId;
}

const auditOf = (shop: string, action: string) => db().auditEvent.findMany({ where: { shop, action } });

describe("banner status on the Consent page", () => {
  it.each([
    ["main-theme-embed-enabled", "enabled"],
    ["main-theme-embed-disabled", "disabled"],
    ["main-theme-without-embed", "not-added"],
    ["no-main-theme", "no-theme"],
    ["themes-access-denied", "unknown"],
  ])("given the Admin API answers %s, then the page says %s and links to the theme editor with our embed to switch on", async (fixture, state) => {
    const shop = `embed-${state}.myshopify.com`;
    const session = await installShop(shop);
    server.answer({ body: adminApiFixture(fixture) });
    const before = server.requests.length;

    const response = await openPage(shop);

    expect(response.status).toBe(200);
    const { embed } = await response.json();
    expect(embed.state).toBe(state);
    expect(embed.activateUrl).toBe(`https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${process.env.SHOPIFY_API_KEY}/consent-banner`);
    const asked = server.requests.slice(before).find((request) => request.body.includes("ConsentBannerEmbedStatus"));
    expect(asked!.headers["x-shopify-access-token"]).toBe(session.accessToken);
    const { query } = JSON.parse(asked!.body);
    expect(query).toContain("themes(first: 1, roles: [MAIN])");
    expect(query).toContain('files(filenames: ["config/settings_data.json"]');
  });

  it("given Shopify fails twice, then the page still loads and says the banner could not be checked", async () => {
    const shop = "embed-down.myshopify.com";
    await installShop(shop);
    server.answer({ status: 503, body: "unavailable" }, { status: 503, body: "unavailable" });
    const { embed, stats } = await (await openPage(shop)).json();
    expect(embed.state).toBe("unknown");
    expect(stats.totals.receipts).toBe(0);
  });

  it("given settings whose current names a theme style, or that are not JSON, then the embed is looked up in that style, or reported unreadable", () => {
    const ours = { type: "shopify://apps/consent-vault/blocks/consent-banner/7d2c6a8e", disabled: false };
    expect(embedStateFromSettings(JSON.stringify({ current: "Bold", presets: { Bold: { blocks: { a: ours } } } }))).toBe("enabled");
    expect(embedStateFromSettings(JSON.stringify({ current: "Missing", presets: {} }))).toBe("not-added");
    expect(embedStateFromSettings(JSON.stringify({ current: { blocks: { a: { ...ours, disabled: true }, b: ours } } }))).toBe("enabled");
    expect(embedStateFromSettings("/* comment */ { not json")).toBe("no-theme");
    expect(embedStateFromSettings(JSON.stringify({ presets: {} }))).toBe("no-theme");
  });
});

describe("how shoppers choose", () => {
  it("given receipts of two shops over several days and regions, then a shop sees only its own, per day and per region, in the chosen period", async () => {
    const shop = "stats-a.myshopify.com";
    const other = "stats-b.myshopify.com";
    await installShop(shop);
    await record(shop, ACCEPT);
    await record(shop, ACCEPT, { region: "FRIDF" });
    await record(shop, REJECT);
    await record(shop, CUSTOM, { daysAgo: 2, region: "" });
    await record(shop, REJECT, { daysAgo: 20, region: "FRIDF" });
    await record(shop, ACCEPT, { daysAgo: 45 });
    for (let index = 0; index < 3; index++) await record(other, REJECT, { region: "USCA" });

    server.answer({ body: adminApiFixture("main-theme-embed-enabled") });
    const month = await (await openPage(shop)).json();
    expect(month.stats.days).toBe(30);
    expect(month.stats.totals).toEqual({ receipts: 5, accepted: 2, rejected: 2, custom: 1 });
    expect(month.stats.byDay).toHaveLength(30);
    expect(month.stats.byDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), receipts: 3, accepted: 2, rejected: 1, custom: 0 });
    expect(month.stats.byDay.at(-3)).toMatchObject({ receipts: 1, custom: 1 });
    expect(month.stats.byRegion).toEqual([
      { region: "DEBE", receipts: 2, accepted: 1, rejected: 1, custom: 0 },
      { region: "FRIDF", receipts: 2, accepted: 1, rejected: 1, custom: 0 },
      { region: "", receipts: 1, accepted: 0, rejected: 0, custom: 1 },
    ]);
    expect(JSON.stringify(month)).not.toContain("USCA");

    server.answer({ body: adminApiFixture("main-theme-embed-enabled") });
    const week = await (await openPage(shop, "?days=7")).json();
    expect(week.stats.totals).toEqual({ receipts: 4, accepted: 2, rejected: 1, custom: 1 });
    server.answer({ body: adminApiFixture("main-theme-embed-enabled") });
    const quarter = await (await openPage(shop, "?days=90")).json();
    expect(quarter.stats.totals.receipts).toBe(6);
  });

  it.each(["?days=14", "?days=week"])("given the period %s, then the page answers 400 naming days", async (query) => {
    const shop = "stats-bad.myshopify.com";
    await installShop(shop);
    const response = await openPage(shop, query);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("days");
  });

  it("given a shop with no receipts, then every day of the period is there with zero", async () => {
    const shop = "stats-empty.myshopify.com";
    await installShop(shop);
    server.answer({ body: adminApiFixture("main-theme-without-embed") });
    const { stats } = await (await openPage(shop, "?days=7")).json();
    expect(stats.totals).toEqual({ receipts: 0, accepted: 0, rejected: 0, custom: 0 });
    expect(stats.byDay.map((day: { receipts: number }) => day.receipts)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(stats.byRegion).toEqual([]);
  });
});

describe("proving a consent", () => {
  it("given a shopper who chose twice, when staff look the consent id up, then every choice is shown newest first with its proof, and the look-up is audited", async () => {
    const shop = "lookup-a.myshopify.com";
    await installShop(shop);
    const consentId = await record(shop, REJECT, { daysAgo: 3, customerId: "8100" });
    await record(shop, CUSTOM, { consentId, customerId: "8100" });

    const response = await lookUp(shop, ` ${consentId} `);

    expect(response.status).toBe(200);
    const body = await response.text();
    const { receipts, error } = JSON.parse(body);
    expect(error).toBeNull();
    expect(receipts).toHaveLength(2);
    expect(receipts[0]).toMatchObject({ choices: CUSTOM, region: "DEBE", revision: 3, language: "de-DE", path: "/products/linen-shirt", loggedIn: true });
    expect(receipts[1].choices).toEqual(REJECT);
    expect(Date.parse(receipts[0].recordedAt)).toBeGreaterThan(Date.parse(receipts[1].recordedAt));
    expect(body).not.toContain("8100");
    const [audit, ...more] = await auditOf(shop, "consent_receipts.viewed");
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actor: STAFF, detail: JSON.stringify({ receipts: 2 }) });
    expect(audit!.subjectRef).toMatch(/\S/);
    expect(await verifyAuditChain({ db: db(), shop })).toMatchObject({ ok: true });
  });

  it("given another shop's consent id, then nothing is found", async () => {
    const shop = "lookup-b.myshopify.com";
    const other = "lookup-c.myshopify.com";
    await installShop(shop);
    const theirs = await record(other, ACCEPT);
    const { receipts } = await (await lookUp(shop, theirs)).json();
    expect(receipts).toEqual([]);
  });

  it.each(["", "short", "a".repeat(65), "abc/def+ghi=jklmnop"])("given the consent id %j, then 400 with the rule in plain words and nothing audited", async (consentId) => {
    const shop = "lookup-bad.myshopify.com";
    await installShop(shop);
    const response = await lookUp(shop, consentId);
    expect(response.status).toBe(400);
    // The page words the refusal in the admin's language.
    expect((await response.json()).error).toBe("bad-id");
    expect(translator("en")("consentPage.prove.badId")).toMatch(/16 to 64 letters/);
    expect(translator("de")("consentPage.prove.badId")).toMatch(/16 bis 64 Buchstaben/);
    expect(await auditOf(shop, "consent_receipts.viewed")).toEqual([]);
  });
});

describe("exporting receipts", () => {
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * DAY_MS).toISOString().slice(0, 10);

  it("given receipts inside and outside the period and another shop's, then the CSV holds exactly the shop's receipts of those days, oldest first, and the export is audited", async () => {
    const shop = "export-a.myshopify.com";
    const other = "export-b.myshopify.com";
    await installShop(shop);
    const inside = [await record(shop, REJECT, { daysAgo: 5 }), await record(shop, ACCEPT, { daysAgo: 1, customerId: "9300" })];
    await record(shop, ACCEPT, { daysAgo: 12 });
    await record(other, CUSTOM, { daysAgo: 2 });

    const response = await download(shop, `?from=${day(6)}&to=${day(0)}`);

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="consent-receipts-${day(6)}-to-${day(0)}.csv"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("consent_id,recorded_at,declared_at,analytics,marketing,preferences,sale_of_data,region,banner_revision,language,page,logged_in_customer");
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(inside);
    expect(lines[1]!.split(",").slice(3)).toEqual(["no", "no", "no", "no", "DEBE", "3", "de-DE", "/products/linen-shirt", "no"]);
    expect(lines[2]!.split(",").at(-1)).toBe("yes");
    expect(lines.join("\n")).not.toContain("9300");
    const [audit] = await auditOf(shop, "consent_receipts.exported");
    expect(audit).toMatchObject({ actor: STAFF });
    expect(JSON.parse(audit!.detail!)).toEqual({ from: `${day(6)}T00:00:00.000Z`, to: new Date(Date.parse(`${day(0)}T00:00:00Z`) + DAY_MS).toISOString() });
    expect(await auditOf(other, "consent_receipts.exported")).toEqual([]);
  });

  it("given more receipts than one page of the stream, then every one is exported once", async () => {
    const shop = "export-many.myshopify.com";
    await installShop(shop);
    const recordedAt = new Date();
    const ids = Array.from({ length: 2_345 }, (_, index) => `export-many-${String(index).padStart(5, "0")}`);
    await db().consentReceipt.createMany({
      data: ids.map((id) => ({
        id,
        shop,
        requestKey: id,
        consentId: `consent-${id}`,
        ...ACCEPT,
        region: "NLNH",
        revision: 1,
        language: "nl",
        declaredAt: recordedAt,
        recordedAt,
        path: "/",
      })),
    });
    const lines = (await (await download(shop, `?from=${day(0)}&to=${day(0)}`)).text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(ids.length + 1);
    expect(new Set(lines.slice(1).map((line) => line.split(",")[0])).size).toBe(ids.length);
  });

  it.each([
    ["the first day after the last", () => `?from=${day(0)}&to=${day(3)}`, "from"],
    ["a day that is not a date", () => `?from=yesterday&to=${day(0)}`, "from"],
    ["a missing last day", () => `?from=${day(0)}`, "to"],
    ["a period longer than a year", () => `?from=${day(400)}&to=${day(0)}`, "to"],
  ])("given %s, then 400 naming the field, and nothing is exported or audited", async (_case, query, field) => {
    const shop = `export-bad-${field}-${Math.random().toString(36).slice(2)}.myshopify.com`;
    await installShop(shop);
    const response = await download(shop, query());
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(field);
    expect(await auditOf(shop, "consent_receipts.exported")).toEqual([]);
  });
});
