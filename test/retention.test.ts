// Retention (app/retention/): each shop's periods applied by the one scheduled job, in batches, audited
// with counts; inactive customers erased through the holders like a customers/redact; another shop's
// data untouched; periods saved only within bounds and, when shortened, only once confirmed.
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { newId } from "../app/ids.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { applyRetention, applyShopRetention } from "../app/retention/apply-retention.server";
import { expectErrorLog } from "./helpers/error-logs";
import { applyRetentionJob } from "../app/retention/jobs.server";
import { defaultRetentionPeriods, getRetentionPeriods, retentionPeriodsSchema, saveRetentionPeriods } from "../app/retention/retention-periods.server";
import { action, loader } from "../app/routes/app.settings";
import { upsertCustomer, readCustomer } from "../app/vault/customers.server";
import { upsertOrder } from "../app/vault/orders.server";
import { vault } from "../app/vault/vault.server";
import { appServices, SCHEDULES } from "../app/composition.server";
import { assertSchedules } from "../app/jobs/schedules.server";
import { queues } from "../app/jobs/queues.server";
import { log } from "../app/log.server";
import { pruneAuditChain } from "../app/audit/prune-chain.server";
import { recordAudit } from "../app/audit/audit-trail.server";
import { eraseShopData } from "../app/privacy/erase-shop.server";
import { sampleCustomer } from "../harness/vault";
import { runJobHandler } from "./helpers/jobs";
import { adminRequest, installShop, respond } from "./helpers/shopify";

const DAY_MS = 24 * 3600 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const SHORT = { inactiveCustomerMonths: 6, consentReceiptDays: 30, exportDays: 1, auditDays: 365, inboxDays: 7 };

/**
 * Data of every kind retention handles, for `shop`: new, or old enough to be past the short periods
 * and still within the defaults (receipts 40 days old, the rest 20).
 */
async function someData(shop: string, old: boolean, tag: string) {
  const at = daysAgo(old ? 20 : 0);
  const receiptAt = daysAgo(old ? 40 : 0);
  const requestId = `${tag}-request`;
  await db().privacyRequest.create({
    data: { id: requestId, shop, type: "data_request", deliveryId: `${tag}-delivery`, status: "completed", receivedAt: at, dueAt: at },
  });
  await db().dataExport.create({ data: { id: newId(), shop, requestId, format: "json", sealed: "s2.1.x", byteSize: 1, createdAt: at, expiresAt: new Date(Date.now() + DAY_MS) } });
  await db().consentReceipt.create({
    data: {
      id: newId(), shop, requestKey: `${tag}-key`, consentId: `${tag}-consent`, analytics: true, marketing: false, preferences: true, saleOfData: false,
      region: "FR", revision: 1, language: "fr", declaredAt: receiptAt, recordedAt: receiptAt, path: "/",
    },
  });
  await db().webhookDelivery.create({ data: { id: `${tag}-webhook`, shop, topic: "customers/update", receivedAt: at } });
}

async function counts(shop: string) {
  return {
    exports: await db().dataExport.count({ where: { shop } }),
    receipts: await db().consentReceipt.count({ where: { shop } }),
    deliveries: await db().webhookDelivery.count({ where: { shop } }),
  };
}

async function inactiveCustomer(shop: string, id: string, lastSeenDaysAgo: number) {
  await upsertCustomer({ db: db(), vault: vault(), shop, customer: sampleCustomer(id), sourceUpdatedAt: daysAgo(lastSeenDaysAgo) });
}

describe("retention", () => {
  it("given shop A with short periods and shop B with the defaults, when the scheduled job runs, then only A's data past its periods goes and B's stays", async () => {
    const [a, b] = ["retention-a.myshopify.com", "retention-b.myshopify.com"];
    for (const shop of [a, b]) await db().shop.create({ data: { domain: shop } });
    await saveRetentionPeriods({ db: db(), shop: a, actor: "staff:1", periods: SHORT, confirmedShortening: true });
    for (const shop of [a, b]) {
      await someData(shop, true, `${shop}-old`);
      await someData(shop, false, `${shop}-new`);
    }
    // 8 months without a sign of life: past A's 6 months, within B's default 36.
    await inactiveCustomer(a, "1001", 240);
    await inactiveCustomer(b, "2001", 240);

    const result = await runJobHandler(applyRetentionJob, {}, { attempt: 1, maxAttempts: 3 });

    expect(result).toMatchObject({ shops: 2, exports: 1, consentReceipts: 1, inboxDeliveries: 1, inactiveCustomers: 1 });
    expect(await counts(a)).toEqual({ exports: 1, receipts: 1, deliveries: 1 });
    expect(await counts(b)).toEqual({ exports: 2, receipts: 2, deliveries: 2 });
    expect(await db().customer.count({ where: { shop: a } })).toBe(0);
    expect(await readCustomer({ db: db(), vault: vault(), shop: b, customerId: "2001" })).not.toBeNull();

    const applied = await db().auditEvent.findFirstOrThrow({ where: { shop: a, action: "retention.applied" } });
    expect(JSON.parse(applied.detail!)).toMatchObject({ exports: 1, consentReceipts: 1, inboxDeliveries: 1, auditEntries: 0, inactiveCustomers: 1 });
    expect(JSON.parse((await db().auditEvent.findFirstOrThrow({ where: { shop: b, action: "retention.applied" } })).detail!)).toMatchObject({
      exports: 0, consentReceipts: 0, inboxDeliveries: 0, inactiveCustomers: 0,
    });
    for (const shop of [a, b]) expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
  });

  it("given an inactive customer, then retention erases them through every holder with a receipt, and keeps a customer whose recent order shows activity", async () => {
    const shop = "retention-erasure.myshopify.com";
    await db().shop.create({ data: { domain: shop } });
    await saveRetentionPeriods({ db: db(), shop, actor: "staff:1", periods: { ...defaultRetentionPeriods(), inactiveCustomerMonths: 12 }, confirmedShortening: true });
    await inactiveCustomer(shop, "3001", 500);
    await inactiveCustomer(shop, "3002", 500);
    await upsertOrder({ db: db(), shop, order: { id: "9001", customerId: "3001", processedAt: daysAgo(600), totalPrice: "10.00", currency: "EUR", financialStatus: "paid", lineItems: [] }, sourceUpdatedAt: daysAgo(600) });
    await upsertOrder({ db: db(), shop, order: { id: "9002", customerId: "3002", processedAt: daysAgo(20), totalPrice: "10.00", currency: "EUR", financialStatus: "paid", lineItems: [] }, sourceUpdatedAt: daysAgo(20) });
    const ref = subjectRef({ shop, customerId: "3001" });
    await db().consentReceipt.create({
      data: {
        id: newId(), shop, requestKey: "k-3001", consentId: "c-3001", customerRef: ref, analytics: true, marketing: true, preferences: true, saleOfData: true,
        region: "FR", revision: 1, language: "fr", declaredAt: new Date(), recordedAt: new Date(), path: "/",
      },
    });

    const { counts: erased } = await applyShopRetention({ db: db(), holders: appServices().holders, shop, runId: "run-1" });

    expect(erased.inactiveCustomers).toBe(1);
    expect(await db().vaultCustomerKey.count({ where: { shop, customerId: "3001" } })).toBe(0);
    expect(await db().order.count({ where: { shop, customerId: "3001" } })).toBe(0);
    expect(await db().consentReceipt.count({ where: { shop, customerRef: ref } })).toBe(0);
    expect(await db().redactionReceipt.count({ where: { subjectRef: ref, triggerId: `retention:run-1:${ref}` } })).toBe(1);
    expect(await db().auditEvent.count({ where: { shop, subjectRef: ref, action: "retention.customer.erased" } })).toBe(1);
    expect(await readCustomer({ db: db(), vault: vault(), shop, customerId: "3002" })).not.toBeNull();
  });

  it("given more rows than a batch, then every batch runs and the counts add up", async () => {
    const shop = "retention-batches.myshopify.com";
    await db().shop.create({ data: { domain: shop } });
    for (let i = 0; i < 7; i++) await db().webhookDelivery.create({ data: { id: `batch-${i}`, shop, topic: "orders/updated", receivedAt: daysAgo(60) } });
    for (let i = 0; i < 5; i++) await inactiveCustomer(shop, String(4000 + i), 2_000);

    const { counts: deleted } = await applyShopRetention({ db: db(), holders: appServices().holders, shop, runId: "run-2", batchSize: 2 });

    expect(deleted).toMatchObject({ inboxDeliveries: 7, inactiveCustomers: 5 });
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(0);
    expect(await db().customer.count({ where: { shop } })).toBe(0);
  });

  it("given periods outside their bounds, then the schema refuses them with a message naming the range", () => {
    const parsed = retentionPeriodsSchema.safeParse({ ...SHORT, inboxDays: "2", exportDays: "1.5" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["exportDays", "must be a whole number of days from 1 to 90"],
      ["inboxDays", "must be a whole number of days from 7 to 365"],
    ]);
  });
});

describe("retention when a shop fails", () => {
  it("given one shop whose erasure fails, then the run logs it and still applies the other shops' periods", async () => {
    const [failing, fine] = ["retention-failing.myshopify.com", "retention-fine.myshopify.com"];
    for (const shop of [failing, fine]) await db().shop.create({ data: { domain: shop } });
    await inactiveCustomer(failing, "5001", 2_000);
    await someData(fine, true, "fine-old");
    await saveRetentionPeriods({ db: db(), shop: fine, actor: "staff:1", periods: SHORT, confirmedShortening: true });
    const unavailable = { name: "unavailable", eraseCustomer: () => Promise.reject(new Error("store unavailable")), eraseShop: async () => ({}) };
    expectErrorLog(/^retention failed for a shop/);

    const result = await applyRetention({ db: db(), holders: [unavailable], log });

    expect(result).toMatchObject({ failedShops: 1, exports: 1, consentReceipts: 1, inboxDeliveries: 1 });
    expect(await db().customer.count({ where: { shop: failing } })).toBe(1);
  });
});

describe("retention alongside the rest", () => {
  it("given a deployment that scheduled the purges retention replaced, when a worker asserts its schedules, then those stop and retention runs instead", async () => {
    const maintenance = await queues().get("maintenance");
    for (const retired of ["consent.purge-expired-receipts", "privacy.purge-expired-exports"]) {
      await maintenance.upsertJobScheduler(retired, { every: 3_600_000 }, { name: retired, data: {} });
    }

    await assertSchedules({ queues: queues(), schedules: SCHEDULES, log });

    const names = (await maintenance.getJobSchedulers(0, -1)).map((scheduler) => scheduler.key);
    expect(names).toContain("retention.apply");
    expect(names).not.toContain("consent.purge-expired-receipts");
    expect(names).not.toContain("privacy.purge-expired-exports");
  });

  it("given a shop erased, then its retention settings, audit anchor and security counts go with it and another shop keeps its own", async () => {
    const [shop, other] = ["retention-erased.myshopify.com", "retention-kept.myshopify.com"];
    for (const each of [shop, other]) {
      await db().shop.create({ data: { domain: each } });
      await recordAudit(db(), { shop: each, actor: "system", action: "old" }, daysAgo(400));
      await saveRetentionPeriods({ db: db(), shop: each, actor: "staff:1", periods: { ...defaultRetentionPeriods(), exportDays: 60 }, confirmedShortening: false });
      await pruneAuditChain({ db: db(), shop: each, before: daysAgo(30), actor: "job:retention.apply" });
      await db().securityEventCount.create({ data: { shop: each, kind: "proxy.replayed", minute: new Date(Math.floor(Date.now() / 60_000) * 60_000), count: 1 } });
    }

    await eraseShopData({ db: db(), holders: appServices().holders, shop, triggerId: "test-erase", log });

    for (const model of ["retentionSettings", "auditChainAnchor", "securityEventCount"] as const) {
      expect(await (db()[model] as unknown as { count(args: object): Promise<number> }).count({ where: { shop } })).toBe(0);
      expect(await (db()[model] as unknown as { count(args: object): Promise<number> }).count({ where: { shop: other } })).toBe(1);
    }
  });
});

describe("retention settings page", () => {
  const form = (periods: Record<string, number>, extra: Record<string, string> = {}) => ({
    intent: "retention",
    ...Object.fromEntries(Object.entries(periods).map(([kind, value]) => [kind, String(value)])),
    ...extra,
  });

  it("given a shorter period, then it is saved only once staff confirm it, audited, and another shop keeps its periods", async () => {
    const shop = "retention-settings.myshopify.com";
    const other = "retention-settings-other.myshopify.com";
    await installShop(shop);
    const shorter = { ...defaultRetentionPeriods(), exportDays: 7, auditDays: 3650 };

    const asked = await respond(async () => action({ request: await adminRequest("/app/settings", shop, { form: form(shorter) }), params: {}, context: {} }));
    expect(await asked.json()).toEqual({ retention: { saved: false, shortened: ["exportDays"] } });
    expect(await getRetentionPeriods({ db: db(), shop })).toEqual(defaultRetentionPeriods());

    const confirmed = await respond(async () =>
      action({ request: await adminRequest("/app/settings", shop, { form: form(shorter, { confirmShortening: "true" }) }), params: {}, context: {} }),
    );
    expect(await confirmed.json()).toEqual({ retention: { saved: true, changed: ["exportDays", "auditDays"] } });
    expect(await getRetentionPeriods({ db: db(), shop })).toEqual(shorter);
    expect(JSON.parse((await db().auditEvent.findFirstOrThrow({ where: { shop, action: "retention.periods.changed" } })).detail!)).toEqual({
      exportDays: { from: 30, to: 7 },
      auditDays: { from: 1825, to: 3650 },
    });
    expect(await getRetentionPeriods({ db: db(), shop: other })).toEqual(defaultRetentionPeriods());

    const page = await (await respond(async () => loader({ request: await adminRequest("/app/settings", shop), params: {}, context: {} }))).json();
    expect(page.retention).toMatchObject({ periods: shorter, defaults: defaultRetentionPeriods() });
  });

  it("given a period out of bounds, then the action answers 400 and nothing changes", async () => {
    const shop = "retention-invalid.myshopify.com";
    await installShop(shop);
    const response = await respond(async () =>
      action({ request: await adminRequest("/app/settings", shop, { form: form({ ...defaultRetentionPeriods(), auditDays: 10 }, { confirmShortening: "true" }) }), params: {}, context: {} }),
    );
    expect(response.status).toBe(400);
    expect(await db().retentionSettings.count({ where: { shop } })).toBe(0);
  });
});
