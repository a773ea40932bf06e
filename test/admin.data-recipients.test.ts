// The Data & recipients page through its real routes with signed session tokens: the inventory from
// the code's declarations and the shop's settings, the recipients register (add, edit, remove, its
// validation, audited, per shop), the agreement gate, the records of processing, and the register
// in the privacy notice and the health check. The analytics download: test/analytics.export.test.ts.
import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { adminFormat } from "../app/i18n/format";
import { translator } from "../app/i18n/i18n";
import { healthCheckSentence } from "../app/privacy-health/health-check-words";
import { runHealthChecks } from "../app/privacy-health/health-checks.server";
import { gatherNoticeFacts, noticeDigest, renderNotice } from "../app/privacy-notice/privacy-notice.server";
import { RecipientAgreementError, requireCurrentAgreement } from "../app/recipients/recipient-agreement.server";
import { action as pageAction, loader as pageLoader } from "../app/routes/app.data._index";
import { loader as recordsLoader } from "../app/routes/app.data.records.$format";
import { action as formAction, loader as formLoader } from "../app/routes/app.data.recipients.$id";
import { shopRecordsHolder } from "../app/shops/shop-records-holder.server";
import { saveSyncedFields } from "../app/sync/minimisation.server";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { healthCheckContext } from "./helpers/health-check";

const DAY_MS = 24 * 3600 * 1000;
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY_MS).toISOString().slice(0, 10);

const NEWSLETTER = {
  name: "Acme Mail Inc.",
  purpose: "Sends our newsletter",
  categories: "email,names",
  country: "US",
  transferMechanism: "scc",
  agreementSignedAt: day(-30),
  agreementExpiresAt: "",
};

const openPage = (shop: string) => respond(async () => pageLoader({ request: await adminRequest("/app/data", shop), params: {}, context: {} }));
const openForm = (shop: string, id: string) => respond(async () => formLoader({ request: await adminRequest(`/app/data/recipients/${id}`, shop), params: { id }, context: {} }));
const postForm = (shop: string, id: string, form: Record<string, string>) =>
  respond(async () => formAction({ request: await adminRequest(`/app/data/recipients/${id}`, shop, { form }), params: { id }, context: {} }));
const remove = (shop: string, id: string) => respond(async () => pageAction({ request: await adminRequest("/app/data", shop, { form: { intent: "remove", id } }), params: {}, context: {} }));
const download = (shop: string, format: string, locale = "en") =>
  respond(async () => recordsLoader({ request: await adminRequest(`/app/data/records/${format}?locale=${locale}`, shop), params: { format }, context: {} }));

async function addRecipient(shop: string, form: Record<string, string> = NEWSLETTER): Promise<string> {
  const response = await postForm(shop, "new", form);
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

interface PageData {
  inventory: { id: string; collected: boolean; retention: Record<string, unknown>; storedIn: string[]; legalBasis: string; protection: string }[];
  recipients: { id: string; name: string; categories: string[]; agreement: string; agreementSignedOn: string | null }[];
  processors: { id: string }[];
  analyticsSchema: boolean;
  stepUp: { required: boolean } | null;
}
const pageData = async (shop: string) => (await (await openPage(shop)).json()) as PageData;

describe("the data inventory", () => {
  it("given a shop that syncs names but not addresses, then the page lists every declared category with the shop's retention, and the address as not collected", async () => {
    const shop = "data-inventory.myshopify.com";
    await installShop(shop);
    await saveSyncedFields({ db: db(), shop, fields: { names: true, phone: false, address: false, note: false } });

    const { inventory, recipients, processors, analyticsSchema, stepUp } = await pageData(shop);

    const byId = Object.fromEntries(inventory.map((category) => [category.id, category]));
    expect(byId.email).toMatchObject({ collected: true, legalBasis: "c", protection: "encrypted", storedIn: ["Customer"], retention: { kind: "inactiveCustomerMonths", value: 36, unit: "months" } });
    expect(byId.names).toMatchObject({ collected: true });
    expect(byId.phone).toMatchObject({ collected: false });
    expect(byId.address).toMatchObject({ collected: false });
    expect(byId.cookieChoices).toMatchObject({ collected: true, retention: { kind: "consentReceiptDays", value: config().CONSENT_RECEIPT_RETENTION_DAYS, unit: "days" } });
    expect(byId.guestConfirmations).toMatchObject({ retention: { fixed: "oneHour" } });
    expect(byId.personalisation).toMatchObject({ legalBasis: "a" });
    for (const locale of ["en", "de"] as const) {
      const t = translator(locale);
      const words = inventory.flatMap((category) => [`data.categories.${category.id}.name`, `data.categories.${category.id}.purpose`, `data.legalBasis.${category.legalBasis}`]);
      expect(words.filter((key) => t(key) === key)).toEqual([]);
    }
    expect(recipients).toEqual([]);
    expect(processors.map((processor) => processor.id)).toEqual(config().SMTP_URL ? ["shopify", "email"] : ["shopify"]);
    // The analytics card mentions the read-only schema only where the migrations made one.
    expect(analyticsSchema).toBe(config().database.provider === "postgresql");
    expect(stepUp).toMatchObject({ required: false });
  });
});

describe("the recipients register", () => {
  it("given a valid form, when staff add, edit and remove a recipient, then each change is stored and audited and the list shows it", async () => {
    const shop = "data-register.myshopify.com";
    await installShop(shop);

    const id = await addRecipient(shop);
    expect((await pageData(shop)).recipients).toEqual([
      expect.objectContaining({ id, name: "Acme Mail Inc.", categories: ["email", "names"], country: "US", transferMechanism: "scc", agreement: "current", agreementSignedOn: NEWSLETTER.agreementSignedAt }),
    ]);
    const form = await (await openForm(shop, id)).json();
    expect(form.recipient).toMatchObject({ name: "Acme Mail Inc.", agreementExpiresOn: null });

    expect((await postForm(shop, id, { ...NEWSLETTER, name: "Acme Mail Europe", country: "IE", transferMechanism: "eea", agreementExpiresAt: day(300) })).status).toBe(200);
    expect((await pageData(shop)).recipients[0]).toMatchObject({ id, name: "Acme Mail Europe", country: "IE", agreementExpiresOn: day(300) });

    const removed = await remove(shop, id);
    expect(await removed.json()).toEqual({ removed: true });
    expect((await pageData(shop)).recipients).toEqual([]);

    const audit = await db().auditEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } });
    expect(audit.map((event) => [event.actor, event.action])).toEqual([
      [`staff:${USER_ID}`, "data.recipient.added"],
      [`staff:${USER_ID}`, "data.recipient.changed"],
      [`staff:${USER_ID}`, "data.recipient.removed"],
    ]);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ recipientId: id, categories: ["email", "names"] });
  });

  it.each([
    ["no name", { name: "  " }, "name"],
    ["an unknown category", { categories: "email,bank_details" }, "categories"],
    ["no category", { categories: "" }, "categories"],
    ["an unknown country", { country: "XX" }, "country"],
    ["an unknown mechanism", { transferMechanism: "hope" }, "transferMechanism"],
    ["a date that is not a date", { agreementSignedAt: "30.11.2026" }, "agreementSignedAt"],
  ])("given %s, then the form answers 400 naming the field and nothing is stored", async (_case, change, field) => {
    const shop = "data-invalid.myshopify.com";
    await installShop(shop);

    const response = await postForm(shop, "new", { ...NEWSLETTER, ...change });

    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "invalid", reason: expect.stringContaining(field), fields: [field] });
    expect(await db().dataRecipient.count({ where: { shop } })).toBe(0);
    expect(await db().auditEvent.count({ where: { shop } })).toBe(0);
  });

  it.each([
    ["an expiry before the signing date", { agreementSignedAt: day(-10), agreementExpiresAt: day(-20) }, "expiryBeforeAgreement"],
    ["an expiry without a signing date", { agreementSignedAt: "", agreementExpiresAt: day(20) }, "expiryWithoutAgreement"],
    ["'inside the EEA' for a country outside it", { country: "US", transferMechanism: "eea" }, "notInEea"],
    ["a transfer mechanism for a country inside the EEA", { country: "DE", transferMechanism: "scc" }, "inEea"],
    ["an adequacy decision the EU never made", { country: "CN", transferMechanism: "adequacy" }, "noAdequacy"],
  ])("given %s, then the form answers 422 with its reason and nothing is stored", async (_case, change, code) => {
    const shop = "data-unprocessable.myshopify.com";
    await installShop(shop);

    const response = await postForm(shop, "new", { ...NEWSLETTER, ...change });

    expect(response.status).toBe(422);
    expect((await response.json()).error).toEqual({ code });
    expect(await db().dataRecipient.count({ where: { shop } })).toBe(0);
    expect(await db().auditEvent.count({ where: { shop } })).toBe(0);
  });

  it("given a refused edit, then the stored recipient is unchanged", async () => {
    const shop = "data-refused-edit.myshopify.com";
    await installShop(shop);
    const id = await addRecipient(shop);

    expect((await postForm(shop, id, { ...NEWSLETTER, name: "Renamed", transferMechanism: "eea" })).status).toBe(422);

    expect((await pageData(shop)).recipients[0]).toMatchObject({ name: "Acme Mail Inc.", transferMechanism: "scc" });
    expect(await db().auditEvent.count({ where: { shop, action: "data.recipient.changed" } })).toBe(0);
  });

  it("given shop A's recipient, then shop B neither sees, opens, edits nor removes it", async () => {
    const shopA = "data-tenant-a.myshopify.com";
    const shopB = "data-tenant-b.myshopify.com";
    await installShop(shopA);
    await installShop(shopB);
    const id = await addRecipient(shopA);

    expect((await pageData(shopB)).recipients).toEqual([]);
    expect((await openForm(shopB, id)).status).toBe(404);
    expect((await postForm(shopB, id, { ...NEWSLETTER, name: "Taken over" })).status).toBe(404);
    expect((await remove(shopB, id)).status).toBe(404);
    await expect(requireCurrentAgreement({ db: db(), shop: shopB, recipientId: id })).rejects.toMatchObject({ code: "notFound" });

    expect((await pageData(shopA)).recipients).toEqual([expect.objectContaining({ id, name: "Acme Mail Inc." })]);
    expect(await db().auditEvent.count({ where: { shop: shopB } })).toBe(0);
  });

  it("given a malformed removal, then it answers 400 and nothing is removed", async () => {
    const shop = "data-bad-remove.myshopify.com";
    await installShop(shop);
    const id = await addRecipient(shop);
    const response = await respond(async () => pageAction({ request: await adminRequest("/app/data", shop, { form: { intent: "erase-all", id } }), params: {}, context: {} }));
    expect(response.status).toBe(400);
    expect(await db().dataRecipient.count({ where: { shop } })).toBe(1);
  });

  it("given the shop is erased, then its register goes with it", async () => {
    const shop = "data-erased.myshopify.com";
    await installShop(shop);
    await addRecipient(shop);

    expect(await shopRecordsHolder.eraseShop({ db: db(), shop })).toMatchObject({ dataRecipients: 1 });
    expect(await db().dataRecipient.count({ where: { shop } })).toBe(0);
  });
});

describe("the agreement gate", () => {
  it("given recipients without, with a future, an expired and a current agreement, then only the current one may receive data", async () => {
    const shop = "data-gate.myshopify.com";
    await installShop(shop);
    const none = await addRecipient(shop, { ...NEWSLETTER, name: "No agreement", agreementSignedAt: "" });
    const pending = await addRecipient(shop, { ...NEWSLETTER, name: "Signed next week", agreementSignedAt: day(7) });
    const expired = await addRecipient(shop, { ...NEWSLETTER, name: "Expired", agreementSignedAt: day(-400), agreementExpiresAt: day(-2) });
    const current = await addRecipient(shop, { ...NEWSLETTER, name: "Current", agreementSignedAt: day(-400), agreementExpiresAt: day(200) });

    for (const [recipientId, code] of [[none, "none"], [pending, "pending"], [expired, "expired"]] as const) {
      const refused = await requireCurrentAgreement({ db: db(), shop, recipientId }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(RecipientAgreementError);
      expect(refused).toMatchObject({ code, recipientId });
    }
    expect(await requireCurrentAgreement({ db: db(), shop, recipientId: current })).toEqual({ id: current, name: "Current", country: "US" });
    // The day the agreement expires, sharing stops.
    await expect(requireCurrentAgreement({ db: db(), shop, recipientId: current, now: new Date(Date.now() + 201 * DAY_MS) })).rejects.toMatchObject({ code: "expired" });
  });
});

describe("records of processing", () => {
  it("given a register and synced fields, then the CSV names the controller, one activity per collected category with its recipients and transfers, the register and the measures; the download is audited", async () => {
    const shop = "data-records.myshopify.com";
    await installShop(shop);
    await saveSyncedFields({ db: db(), shop, fields: { names: true, phone: true, address: false, note: false } });
    await addRecipient(shop);

    const response = await download(shop, "csv");

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="records-of-processing-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toContain(`The merchant of the Shopify store ${shop}`);
    expect(lines).toContain("Processing activity,Purpose,Legal basis,Data subjects,Stored in,Retention,Protection,Recipients,Transfers outside the EEA");
    const email = lines.find((line) => line.startsWith("Email address,"))!;
    expect(email).toContain("Legal obligation (Art. 6(1)(c) GDPR)");
    expect(email).toContain("36 months without an order or account change, or until erased");
    expect(email).toContain("Acme Mail Inc.");
    expect(email).toContain("Acme Mail Inc.: United States, Standard contractual clauses (Art. 46 GDPR)");
    expect(lines.some((line) => line.startsWith("Default address,"))).toBe(false);
    expect(lines.find((line) => line.startsWith("Cookie choices,"))).toContain(",None,None");
    expect(lines.find((line) => line.startsWith("Acme Mail Inc.,"))).toContain("Email address, First and last name");
    expect(lines.find((line) => line.startsWith("Shopify (sub-processor),"))).toContain("Canada");
    expect(lines).toContain("Backups are encrypted and authenticated.");
    expect(await db().auditEvent.findFirst({ where: { shop, action: "data.records.downloaded" } })).toMatchObject({ actor: `staff:${USER_ID}` });
  });

  it("given a recipient whose name starts with a formula character, then the CSV defuses it", async () => {
    const shop = "data-records-formula.myshopify.com";
    await installShop(shop);
    await addRecipient(shop, { ...NEWSLETTER, name: "=HYPERLINK(\"x\")" });
    const text = await (await download(shop, "csv")).text();
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it("given German, then the printable page is a titled German HTML document with the register; an unknown format answers 400 and is not audited", async () => {
    const shop = "data-records-html.myshopify.com";
    await installShop(shop);
    await addRecipient(shop, { ...NEWSLETTER, name: "<Acme & Co>" });

    const response = await download(shop, "html", "de");

    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain(`<h1>Verzeichnis von Verarbeitungstätigkeiten von ${shop}</h1>`);
    expect(html).toContain("&#60;Acme &#38; Co&#62;");
    expect(html).not.toContain("<Acme");
    expect(html).toContain("Vereinigte Staaten");
    expect(html).not.toContain("data.");

    expect((await download(shop, "pdf")).status).toBe(400);
    expect(await db().auditEvent.count({ where: { shop, action: "data.records.downloaded" } })).toBe(1);
  });
});

describe("the register elsewhere", () => {
  it("given a recipient is added, then the privacy notice names it with its country and purpose, and its digest changes", async () => {
    const shop = "data-notice.myshopify.com";
    await installShop(shop);
    const before = await gatherNoticeFacts({ db: db(), shop, emailConfigured: false });

    await addRecipient(shop);

    const after = await gatherNoticeFacts({ db: db(), shop, emailConfigured: false });
    expect(noticeDigest(after)).not.toBe(noticeDigest(before));
    expect(renderNotice(after, "en")).toContain("- Acme Mail Inc. (United States): Sends our newsletter");
    expect(renderNotice(after, "de")).toContain("- Acme Mail Inc. (Vereinigte Staaten): Sends our newsletter");
    expect(renderNotice(await gatherNoticeFacts({ db: db(), shop: "data-notice-other.myshopify.com", emailConfigured: false }), "en")).not.toContain("Acme");
  });

  it("given recipients without an agreement or with one about to expire, then the health check says so; a shop with none registered is fine", async () => {
    const shop = "data-health.myshopify.com";
    await installShop(shop);
    const recipientsCheck = async () => (await runHealthChecks(healthCheckContext(shop))).find((check) => check.id === "recipients");

    const none = await recipientsCheck();
    expect(none).toEqual({ id: "recipients", status: "ok", figures: { registered: null, withoutAgreement: 0, expiringSoon: 0 } });
    expect(healthCheckSentence(none!, translator("en"), adminFormat({ locale: "en", timeZone: "UTC" }))).toBe(
      "No recipients registered. If you share customer data with other companies, register them under Data & recipients.",
    );

    const expiring = await addRecipient(shop, { ...NEWSLETTER, agreementExpiresAt: day(10) });
    expect(await recipientsCheck()).toEqual({ id: "recipients", status: "attention", figures: { registered: 1, withoutAgreement: 0, expiringSoon: 1 } });

    await addRecipient(shop, { ...NEWSLETTER, name: "Unsigned", agreementSignedAt: "" });
    const problem = await recipientsCheck();
    expect(problem).toMatchObject({ status: "problem", figures: { registered: 2, withoutAgreement: 1, expiringSoon: 1 } });
    expect(healthCheckSentence(problem!, translator("de"), adminFormat({ locale: "de", timeZone: "UTC" }))).toBe(
      "1 Empfänger hat keinen gültigen Vertrag: mit ihm darf nichts geteilt werden, bis du einen unter Daten & Empfänger einträgst.",
    );

    await remove(shop, expiring);
    expect(await recipientsCheck()).toMatchObject({ status: "problem", figures: { registered: 1, withoutAgreement: 1, expiringSoon: 0 } });
  });
});
