// The privacy notice section through its admin route: generated from what the app stores and keeps,
// in English and German, and flagged as changed until the merchant marks the current text copied.
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { saveRetentionPeriods, defaultRetentionPeriods } from "../app/retention/retention-periods.server";
import { saveSyncedFields } from "../app/sync/minimisation.server";
import { action, loader } from "../app/routes/app.privacy-notice";
import { shopRecordsHolder } from "../app/shops/shop-records-holder.server";
import { adminRequest, installShop, respond } from "./helpers/shopify";

interface NoticeState {
  texts: { en: string; de: string };
  digest: string;
  copiedAt: string | null;
  changedSinceCopied: boolean;
}

async function openNotice(shop: string): Promise<NoticeState> {
  const response = await respond(async () => loader({ request: await adminRequest("/app/privacy-notice", shop), params: {}, context: {} }));
  expect(response.status).toBe(200);
  return (await response.json()) as NoticeState;
}

const markCopied = (shop: string, form: Record<string, string>) =>
  respond(async () => action({ request: await adminRequest("/app/privacy-notice", shop, { form }), params: {}, context: {} }));

describe("the privacy notice", () => {
  it("given a new shop, then the notice lists what is stored, the retention periods, the processors and the rights, in English and German, and is flagged as not copied yet", async () => {
    const shop = "notice-new.myshopify.com";
    await installShop(shop);
    const periods = defaultRetentionPeriods();

    const notice = await openNotice(shop);

    expect(notice).toMatchObject({ copiedAt: null, changedSinceCopied: true });
    expect(notice.texts.en).toContain("your first and last name");
    expect(notice.texts.en).not.toContain("your default address");
    expect(notice.texts.en).toContain(`each choice is kept for ${periods.consentReceiptDays} days`);
    expect(notice.texts.en).toContain(`after ${periods.inactiveCustomerMonths} months`);
    expect(notice.texts.en).toContain("Shopify, which hosts our store");
    expect(notice.texts.en).toContain("/apps/consent-vault/privacy");
    expect(notice.texts.de).toContain(`${periods.consentReceiptDays} Tage aufbewahrt`);
    expect(notice.texts.de).toContain("Aufsichtsbehörde");
  });

  it("given the notice marked copied, when a retention period or a synced field changes, then it is flagged as changed again and says the new thing", async () => {
    const shop = "notice-changed.myshopify.com";
    await installShop(shop);
    const first = await openNotice(shop);

    expect((await markCopied(shop, { intent: "copied", digest: first.digest })).status).toBe(200);
    expect(await openNotice(shop)).toMatchObject({ changedSinceCopied: false, copiedAt: expect.any(String) });
    expect(await db().auditEvent.count({ where: { shop, action: "privacy_notice.copied" } })).toBe(1);

    await saveRetentionPeriods({ db: db(), shop, actor: "staff:1", periods: { ...defaultRetentionPeriods(), consentReceiptDays: 400 }, confirmedShortening: true });
    const afterRetention = await openNotice(shop);
    expect(afterRetention.changedSinceCopied).toBe(true);
    expect(afterRetention.texts.en).toContain("each choice is kept for 400 days");

    await markCopied(shop, { intent: "copied", digest: afterRetention.digest });
    await saveSyncedFields({ db: db(), shop, fields: { names: false, phone: true, address: true, note: false } });
    const afterFields = await openNotice(shop);
    expect(afterFields.changedSinceCopied).toBe(true);
    expect(afterFields.texts.en).not.toContain("your first and last name");
    expect(afterFields.texts.en).toContain("your default address");
  });

  it("given a digest that is not the current notice's, or no digest, then it is refused and nothing is marked copied", async () => {
    const shop = "notice-stale.myshopify.com";
    await installShop(shop);
    expect((await markCopied(shop, { intent: "copied", digest: "0".repeat(64) })).status).toBe(409);
    expect((await markCopied(shop, { intent: "copied", digest: "not-a-digest" })).status).toBe(400);
    expect((await markCopied(shop, { intent: "copied" })).status).toBe(400);
    expect(await db().privacyNoticeCopy.count({ where: { shop } })).toBe(0);
  });

  it("given shop A marked its notice copied, then shop B's notice is still flagged and A's copy is erased with A", async () => {
    const shopA = "notice-a.myshopify.com";
    const shopB = "notice-b.myshopify.com";
    await installShop(shopA);
    await installShop(shopB);
    await markCopied(shopA, { intent: "copied", digest: (await openNotice(shopA)).digest });

    expect((await openNotice(shopA)).changedSinceCopied).toBe(false);
    expect((await openNotice(shopB)).changedSinceCopied).toBe(true);
    await shopRecordsHolder.eraseShop({ db: db(), shop: shopA });
    expect(await db().privacyNoticeCopy.count({ where: { shop: shopA } })).toBe(0);
  });
});
