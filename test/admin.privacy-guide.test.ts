// The staff privacy guide through the real routes: session tokens signed with the app secret for staff
// members of two shops, acknowledgements and audit entries read back from the database, Home's
// reminder and the health check's training item computed from what is stored.
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { adminFormat } from "../app/i18n/format";
import { translator } from "../app/i18n/i18n";
import { healthCheckSentence } from "../app/privacy-health/health-check-words";
import { runHealthChecks } from "../app/privacy-health/health-checks.server";
import { loader as homeLoader } from "../app/routes/app._index";
import { action, loader } from "../app/routes/app.privacy-guide";
import { shopRecordsHolder } from "../app/shops/shop-records-holder.server";
import { guideAcknowledgementOf, PRIVACY_GUIDE_VERSION } from "../app/staff/privacy-guide.server";
import { requireStaffMember, staffMemberOf } from "../app/staff/staff-member.server";
import { healthCheckContext } from "./helpers/health-check";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const STAFF = "81001";
const OTHER_STAFF = "81002";
const DAY_MS = 24 * 3600 * 1000;

const acknowledge = async (shop: string, userId: string | null, form: Record<string, string> = { intent: "acknowledge" }) =>
  respond(async () => action({ request: await adminRequest("/app/privacy-guide", shop, { userId, form }), params: {}, context: {} }));
const openGuide = async (shop: string, userId: string | null) => (await respond(async () => loader({ request: await adminRequest("/app/privacy-guide", shop, { userId }), params: {}, context: {} }))).json();
const openHome = async (shop: string, userId: string) => (await respond(async () => homeLoader({ request: await adminRequest("/app", shop, { userId }), params: {}, context: {} }))).json();
const acknowledgements = (shop: string) => db().staffGuideAcknowledgement.findMany({ where: { shop } });
const auditEntries = (shop: string) => db().auditEvent.findMany({ where: { shop, action: "staff.privacy-guide-acknowledged" }, orderBy: { seq: "asc" } });
/** `months` calendar months before `now` (UTC), plus or minus a day. */
const monthsAgo = (now: Date, months: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate(), now.getUTCHours()));
const storeAcknowledgement = (shop: string, userId: string, acknowledgedAt: Date, guideVersion = PRIVACY_GUIDE_VERSION) =>
  db().staffGuideAcknowledgement.create({ data: { shop, userId, guideVersion, acknowledgedAt } });

describe("staff privacy guide", () => {
  it("given a staff member who read the guide, when they confirm it twice, then it is stored once for this version, audited once, and the page says since when", async () => {
    const shop = "guide-ack.myshopify.com";
    await installShop(shop);
    expect(await openGuide(shop, STAFF)).toEqual({ version: PRIVACY_GUIDE_VERSION, acknowledgement: { current: false, acknowledgedAt: null } });

    const first = await acknowledge(shop, STAFF);
    expect(first.status).toBe(200);
    const { acknowledgedAt } = await first.json();
    const again = await acknowledge(shop, STAFF);

    expect(await again.json()).toEqual({ acknowledgedAt, recorded: false });
    expect(await acknowledgements(shop)).toEqual([{ shop, userId: STAFF, guideVersion: PRIVACY_GUIDE_VERSION, acknowledgedAt: new Date(acknowledgedAt) }]);
    const audit = await auditEntries(shop);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `staff:${STAFF}`, detail: JSON.stringify({ guideVersion: PRIVACY_GUIDE_VERSION }) });
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
    expect(await openGuide(shop, STAFF)).toEqual({ version: PRIVACY_GUIDE_VERSION, acknowledgement: { current: true, acknowledgedAt } });
    // Another staff member of the same shop has not read it because a colleague did.
    expect((await openGuide(shop, OTHER_STAFF)).acknowledgement).toEqual({ current: false, acknowledgedAt: null });
  });

  it("given a session token that names no user, then confirming is refused with 403 and nothing is stored; a malformed form is a 400", async () => {
    const shop = "guide-no-user.myshopify.com";
    await installShop(shop);

    // With online tokens, Shopify's library finds no session for a token without a user and exchanges
    // it with Shopify; should Shopify issue one anyway, the route itself still refuses to act for nobody.
    const refused = await respond(async () => requireStaffMember(shop, { sub: undefined }));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "This action needs a signed-in staff member." });
    expect((await acknowledge(shop, STAFF, { intent: "acknowledge-everyone" })).status).toBe(400);

    expect(await acknowledgements(shop)).toEqual([]);
    expect(await auditEntries(shop)).toEqual([]);
  });

  it("given the same staff member in two shops, then confirming in shop A counts nowhere in shop B, and erasing shop A removes A's only", async () => {
    const a = "guide-tenant-a.myshopify.com";
    const b = "guide-tenant-b.myshopify.com";
    await installShop(a);
    await installShop(b);
    await acknowledge(a, STAFF);

    expect((await openGuide(b, STAFF)).acknowledgement).toEqual({ current: false, acknowledgedAt: null });
    expect((await openHome(b, STAFF)).privacyGuideDue).toBe(true);
    expect(await auditEntries(b)).toEqual([]);
    await acknowledge(b, STAFF);

    // Shop A's sessions: its offline one and the online sessions of Shopify's test user and STAFF, with their names.
    expect(await shopRecordsHolder.eraseShop({ db: db(), shop: a })).toMatchObject({ staffGuideAcknowledgements: 1, sessions: 3 });
    expect(await acknowledgements(a)).toEqual([]);
    expect(await acknowledgements(b)).toHaveLength(1);
    expect(await db().session.count({ where: { shop: b, isOnline: true } })).toBe(2);
  });

  it("given acknowledgements 11 and 13 months old and one of an older guide version, then Home reminds only those out of date, and confirming again renews it", async () => {
    const shop = "guide-reminder.myshopify.com";
    await installShop(shop);
    const now = new Date();
    const [recent, lapsed, oldVersion, never] = ["81011", "81013", "81014", "81015"];
    await storeAcknowledgement(shop, recent!, monthsAgo(now, 11));
    await storeAcknowledgement(shop, lapsed!, monthsAgo(now, 13));
    await storeAcknowledgement(shop, oldVersion!, new Date(now.getTime() - DAY_MS), PRIVACY_GUIDE_VERSION - 1);

    expect((await openHome(shop, recent!)).privacyGuideDue).toBe(false);
    expect((await openHome(shop, lapsed!)).privacyGuideDue).toBe(true);
    expect((await openHome(shop, oldVersion!)).privacyGuideDue).toBe(true);
    expect((await openHome(shop, never!)).privacyGuideDue).toBe(true);
    // The same 11-month-old acknowledgement, two months on, has lapsed.
    const staff = staffMemberOf(shop, { sub: recent })!;
    expect((await guideAcknowledgementOf({ db: db(), staff, now: new Date(now.getTime() + 61 * DAY_MS) })).current).toBe(false);

    const renewed = await (await acknowledge(shop, lapsed!)).json();
    expect(renewed.recorded).toBe(true);
    expect((await openHome(shop, lapsed!)).privacyGuideDue).toBe(false);
    expect(await auditEntries(shop)).toHaveLength(1);
  });

  it("given staff who may reveal customer data, then the health check counts who never read the guide (problem) and whose reading is out of date (attention), in both languages", async () => {
    const shop = "guide-health.myshopify.com";
    await installShop(shop);
    const training = async () => (await runHealthChecks(healthCheckContext(shop))).find((check) => check.id === "training")!;
    const sentence = async (locale: "en" | "de") => healthCheckSentence(await training(), translator(locale), adminFormat({ locale, timeZone: "UTC" }));
    const grant = (userId: string, mayReveal = true) => db().staffPermission.create({ data: { shop, userId, mayReveal, grantedBy: "staff:1" } });

    expect(await training()).toEqual({ id: "training", status: "ok", figures: { holders: null, neverRead: 0, outOfDate: 0 } });
    expect(await sentence("en")).toBe("Nobody may reveal customer data yet, so nobody needs to have read the privacy guide.");

    await grant("81021");
    await grant("81022");
    await grant("81023", false);
    expect(await training()).toMatchObject({ status: "problem", figures: { holders: 2, neverRead: 2, outOfDate: 0 } });
    expect(await sentence("en")).toBe(
      "2 of 2 staff members who may reveal customer data have never confirmed reading the privacy guide: ask them to read it (Privacy guide in the app's menu).",
    );

    await acknowledge(shop, "81021");
    await storeAcknowledgement(shop, "81022", monthsAgo(new Date(), 13));
    expect(await training()).toMatchObject({ status: "attention", figures: { holders: 2, neverRead: 0, outOfDate: 1 } });
    expect(await sentence("de")).toBe(
      "1 von 2 Mitarbeitern, die Kundendaten anzeigen dürfen, hat den Datenschutz-Leitfaden vor über einem Jahr oder vor seiner Änderung gelesen: Bitte ihn oder sie, ihn erneut zu lesen.",
    );

    await acknowledge(shop, "81022");
    expect(await training()).toMatchObject({ status: "ok", figures: { holders: 2, neverRead: 0, outOfDate: 0 } });
    expect(await sentence("en")).toBe("All staff members who may reveal customer data (2) have read the current privacy guide.");
  });
});
