// Personalization end to end on real Redis, a real database and a local HTTP server in Shopify's
// place: the consent gate decides who is fitted, scored and written back; an order rescores its
// customer in real time; a withdrawal removes the results and the metafields; erasure and export
// cover the purchase lines and the results.
import { afterAll, describe, expect, it, vi } from "vitest";
import { customerDataHolders, SCHEDULES } from "../app/composition.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { log } from "../app/log.server";
import { backfillPurchaseLinesJob, NIGHTLY_EVERY_MS, nightlyPersonalizationJob, queueCustomerWriteBack, queueRescore } from "../app/personalization/jobs.server";
import { fitShopPersonalization, writeBackShop } from "../app/personalization/shop-personalization.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { vault } from "../app/vault/vault.server";
import { appServices } from "../app/composition.server";
import { upsertOrder } from "../app/vault/orders.server";
import { adminApiFixture, adminApiJsonlFixture } from "../harness/admin-api-server";
import { allJobsDone, relayOnce, runJobHandler, startJobProcessing } from "./helpers/jobs";
import { proxyRequest, receiptBody, sendReceipt } from "./helpers/consent-receipts";
import { installShop } from "./helpers/shopify";
import { consents, CUSTOMER_2_ONLY_PRODUCT, CUSTOMERS, REFUSED_ONLY_PRODUCT, seedShop } from "./helpers/personalization-shop";
import { deliverSync, syncDeliveriesApplied } from "./helpers/sync";
import { restOrder } from "../harness/shopify-rest-payloads";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());

const EMAIL_TOPIC = "customers_email_marketing_consent/update";
const affinityOf = (shop: string, productId: string) => db().productAffinity.findUnique({ where: { shop_productId: { shop, productId } } });

const ref = (shop: string, customerId: number) => subjectRef({ shop, customerId: String(customerId) });
const insightOf = (shop: string, customerId: number) => db().customerInsight.findUnique({ where: { shop_customerRef: { shop, customerRef: ref(shop, customerId) } } });
const graphqlBodies = (from = 0) => server.requests.slice(from).filter((r) => r.path.endsWith("/graphql.json")).map((r) => JSON.parse(r.body) as { query: string; variables: { metafields: { ownerId: string; namespace: string; key: string; value?: string }[] } });
const setAnswer = () => ({ body: adminApiFixture("metafields-set") });
const emailConsent = (customerId: number, state: string, at: string) => ({
  customer_id: customerId,
  email_address: `wilhelmina.${customerId}@thistlewood.example`,
  email_marketing_consent: { state, opt_in_level: "single_opt_in", consent_updated_at: at },
});

describe("personalization pipeline", () => {
  it("given half the customers consent, when the shop is fitted and written back, then only they are scored and written, in calls of at most 25 metafields, and a second write sends nothing", async () => {
    const shop = "personalization-gate.myshopify.com";
    await seedShop(shop);
    const fitted = await fitShopPersonalization({ db: db(), shop, log });
    expect(fitted).toMatchObject({ customers: CUSTOMERS / 2, removed: 0 });
    for (let c = 1; c <= CUSTOMERS; c++) {
      const insight = await insightOf(shop, c);
      if (consents(c)) expect(insight).toMatchObject({ rfmGroup: expect.any(String), recommendedProducts: expect.any(String) });
      else expect(insight).toBeNull();
    }
    // The refusing customers' purchases never reached a model.
    expect(await affinityOf(shop, REFUSED_ONLY_PRODUCT)).toBeNull();
    for (const row of await db().customerInsight.findMany({ where: { shop } })) expect(JSON.parse(row.recommendedProducts)).not.toContain(REFUSED_ONLY_PRODUCT);
    const model = await db().shopModel.findUniqueOrThrow({ where: { shop } });
    expect(model.model).not.toContain(REFUSED_ONLY_PRODUCT);

    const before = server.requests.length;
    server.answer(setAnswer(), setAnswer(), setAnswer());
    const written = await writeBackShop({ db: db(), shop, client: () => appServices().adminClient({ shop, log }) });
    expect(written).toMatchObject({ customers: CUSTOMERS / 2 });
    const bodies = graphqlBodies(before);
    expect(bodies).toHaveLength(written.calls);
    const owners = new Set<string>();
    for (const body of bodies) {
      expect(body.query).toContain("metafieldsSet");
      expect(body.variables.metafields.length).toBeLessThanOrEqual(25);
      for (const field of body.variables.metafields) {
        expect(field.namespace).toBe("$app:personalization");
        owners.add(field.ownerId);
      }
    }
    for (let c = 1; c <= CUSTOMERS; c++) expect(owners.has(`gid://shopify/Customer/${c}`)).toBe(consents(c));
    const customerFields = bodies.flatMap((b) => b.variables.metafields).filter((f) => f.ownerId === "gid://shopify/Customer/2");
    expect(customerFields.map((f) => f.key).sort()).toEqual(["cluster", "predicted_value", "recommended_products", "segment"].filter((key) => customerFields.some((f) => f.key === key)).sort());
    expect(customerFields.find((f) => f.key === "segment")).toBeDefined();

    const again = server.requests.length;
    expect(await writeBackShop({ db: db(), shop, client: () => appServices().adminClient({ shop, log }) })).toMatchObject({ calls: 0 });
    expect(server.requests.length).toBe(again);

    // Shop isolation: another shop sees none of it.
    expect(await db().customerInsight.count({ where: { shop: "personalization-other.myshopify.com" } })).toBe(0);
  });

  it("given a fitted shop, when a consenting customer orders, then they are rescored and written back; a non-consenting customer's order is stored but never scored nor written", async () => {
    const shop = "personalization-realtime.myshopify.com";
    await seedShop(shop);
    await fitShopPersonalization({ db: db(), shop, log });
    startJobProcessing();
    const before = await insightOf(shop, 4);

    const requestsBefore = server.requests.length;
    server.answer(setAnswer());
    const order = restOrder(880001, 4, { line_items: [{ id: 1, product_id: 9005, variant_id: 90051, title: "Tea", quantity: 1, price: "12.00" }] });
    expect((await deliverSync("orders/create", shop, order)).status).toBe(200);
    await expect.poll(async () => (await insightOf(shop, 4))?.writtenBackAt ?? null, { timeout: 20_000, interval: 100 }).not.toBeNull();
    const after = (await insightOf(shop, 4))!;
    expect(after.scoredAt.getTime()).toBeGreaterThan(before!.scoredAt.getTime());
    expect(JSON.parse(after.recommendedProducts)).not.toContain("9005");
    const sent = graphqlBodies(requestsBefore);
    expect(sent).toHaveLength(1);
    expect(new Set(sent[0]!.variables.metafields.map((f) => f.ownerId))).toEqual(new Set(["gid://shopify/Customer/4"]));

    const quiet = server.requests.length;
    expect((await deliverSync("orders/create", shop, restOrder(880002, 5, { line_items: [{ id: 1, product_id: 9005, variant_id: 90051, title: "Tea", quantity: 1, price: "12.00" }] }))).status).toBe(200);
    await syncDeliveriesApplied(shop);
    await allJobsDone();
    expect(await db().purchaseLine.count({ where: { shop, orderId: "880002" } })).toBe(1);
    expect(await insightOf(shop, 5)).toBeNull();
    expect(server.requests.length).toBe(quiet);
  });

  it("given a customer written back, when they withdraw marketing consent, then their results are deleted and their metafields removed in Shopify", async () => {
    const shop = "personalization-withdrawal.myshopify.com";
    await seedShop(shop);
    await fitShopPersonalization({ db: db(), shop, log });
    startJobProcessing();
    server.answer(setAnswer());
    await relayOnce(new Date(Date.now() + 5_000)).then(async () => {
      await queueCustomerWriteBack(db(), { shop, customerId: "2" });
      await relayOnce();
    });
    await expect.poll(async () => (await insightOf(shop, 2))?.writtenBackAt ?? null, { timeout: 15_000, interval: 100 }).not.toBeNull();

    const before = server.requests.length;
    server.answer({ body: adminApiFixture("metafields-delete") });
    expect((await deliverSync(EMAIL_TOPIC, shop, emailConsent(2, "unsubscribed", "2026-11-20T10:00:00Z"))).status).toBe(200);
    await expect.poll(() => insightOf(shop, 2), { timeout: 15_000, interval: 100 }).toBeNull();
    await expect.poll(() => graphqlBodies(before).length, { timeout: 15_000, interval: 100 }).toBe(1);
    const [undo] = graphqlBodies(before);
    expect(undo!.query).toContain("metafieldsDelete");
    expect(undo!.variables.metafields).toEqual(["segment", "cluster", "predicted_value", "recommended_products"].map((key) => ({ ownerId: "gid://shopify/Customer/2", namespace: "$app:personalization", key })));
    await allJobsDone();

    // A later nightly fit leaves them out too, and what only they bought leaves the model.
    expect(await affinityOf(shop, CUSTOMER_2_ONLY_PRODUCT)).not.toBeNull();
    const refit = await fitShopPersonalization({ db: db(), shop, log });
    expect(refit.customers).toBe(CUSTOMERS / 2 - 1);
    expect(await insightOf(shop, 2)).toBeNull();
    expect(await affinityOf(shop, CUSTOMER_2_ONLY_PRODUCT)).toBeNull();
  });

  it("given a customer written back, when they decline marketing on the storefront banner, then their results and metafields are removed", async () => {
    const shop = "personalization-banner.myshopify.com";
    await seedShop(shop);
    await fitShopPersonalization({ db: db(), shop, log });
    startJobProcessing();
    server.answer(setAnswer());
    await queueCustomerWriteBack(db(), { shop, customerId: "12" });
    await relayOnce();
    await expect.poll(async () => (await insightOf(shop, 12))?.writtenBackAt ?? null, { timeout: 15_000, interval: 100 }).not.toBeNull();

    const before = server.requests.length;
    server.answer({ body: adminApiFixture("metafields-delete") });
    const declined = receiptBody({ choices: { analytics: true, marketing: false, preferences: true, saleOfData: true } });
    expect((await sendReceipt(proxyRequest({ shop, customerId: "12", body: declined }))).status).toBe(204);
    await expect.poll(() => insightOf(shop, 12), { timeout: 15_000, interval: 100 }).toBeNull();
    await expect.poll(() => graphqlBodies(before).length, { timeout: 15_000, interval: 100 }).toBe(1);
    expect(graphqlBodies(before)[0]!.query).toContain("metafieldsDelete");
    await allJobsDone();
  });

  it("given a burst of orders for one customer, when their rescores are queued, then the customer is rescored once", async () => {
    const shop = "personalization-dedup.myshopify.com";
    await seedShop(shop);
    await fitShopPersonalization({ db: db(), shop, log });
    server.answer(setAnswer());
    for (let i = 0; i < 6; i++) await queueRescore(db(), { shop, customerId: "6" });
    await relayOnce();
    startJobProcessing();
    const queue = await queues().get("personalization");
    const rescores = async () => (await queue.getJobs(["completed", "failed"])).filter((job) => job?.name === "personalization.rescore-customer" && job.data.shop === shop);
    await expect.poll(async () => (await insightOf(shop, 6))?.writtenBackAt ?? null, { timeout: 15_000, interval: 100 }).not.toBeNull();
    await allJobsDone();
    const done = await rescores();
    expect(done).toHaveLength(1);
    expect(done[0]!.returnvalue).toMatchObject({ outcome: "scored" });
  });

  it("given Shopify refuses a write once, when the write-back job retries with backoff, then the second attempt writes it", async () => {
    const shop = "personalization-retry.myshopify.com";
    await seedShop(shop);
    await fitShopPersonalization({ db: db(), shop, log });
    const before = server.requests.length;
    server.answer({ body: adminApiFixture("metafields-set-user-error") }, setAnswer());
    await queueCustomerWriteBack(db(), { shop, customerId: "8" });
    await relayOnce();
    startJobProcessing();
    await expect.poll(async () => (await insightOf(shop, 8))?.writtenBackAt ?? null, { timeout: 20_000, interval: 100 }).not.toBeNull();
    expect(graphqlBodies(before)).toHaveLength(2);
    const queue = await queues().get("personalization");
    const job = async () => (await queue.getJobs(["completed"])).find((candidate) => candidate?.name === "personalization.write-back-customer" && candidate.data.shop === shop);
    // The refused attempt and the one that wrote (the job is marked completed just after its write).
    await expect.poll(async () => (await job())?.attemptsMade, { timeout: 10_000, interval: 100 }).toBe(2);
  });

  it("given a customer's data request and erasure, then their purchase lines and results are exported, then erased; the shop's erasure removes the rest and no other shop's rows", async () => {
    const shop = "personalization-erasure.myshopify.com";
    const other = "personalization-erasure-other.myshopify.com";
    await seedShop(shop);
    await seedShop(other);
    await fitShopPersonalization({ db: db(), shop, log });
    await fitShopPersonalization({ db: db(), shop: other, log });
    const holder = customerDataHolders({ queues: queues(), redisPrefix: config().REDIS_PREFIX, vault: vault() }).find((h) => h.name === "personalization")!;
    const subject = { shop, customerId: "10", subjectRef: ref(shop, 10), orderIds: [] };
    const exported = (await holder.exportCustomer!({ db: db(), subject })) as { purchaseLines: unknown[]; insights: { rfm: { group: string } } | null };
    expect(exported.purchaseLines).toHaveLength(2 * (1 + (10 % 3)));
    expect(exported.insights?.rfm.group).toEqual(expect.any(String));

    expect(await holder.eraseCustomer({ db: db(), subject })).toEqual({ purchaseLines: 4, insights: 1 });
    expect(await db().purchaseLine.count({ where: { shop, customerRef: ref(shop, 10) } })).toBe(0);
    expect(await insightOf(shop, 10)).toBeNull();

    const erased = await holder.eraseShop({ db: db(), shop });
    expect(erased.shopModels).toBe(1);
    for (const table of [db().purchaseLine, db().customerInsight, db().productAffinity] as unknown as { count(args: unknown): Promise<number> }[]) {
      expect(await table.count({ where: { shop } })).toBe(0);
      expect(await table.count({ where: { shop: other } })).toBeGreaterThan(0);
    }
  });

  it("given a shop after its full sync, when the purchase-line backfill runs, then Shopify's orders → line items result is stored under customer references, guest orders left out, and a fit is queued", async () => {
    const shop = "personalization-backfill.myshopify.com";
    await installShop(shop);
    const placed = new Date("2026-03-04T10:00:00Z");
    await upsertOrder({ db: db(), shop, order: { id: "9101", customerId: "7001", processedAt: placed, totalPrice: "99.90", currency: "USD" }, sourceUpdatedAt: placed });
    await upsertOrder({ db: db(), shop, order: { id: "9201", customerId: null, processedAt: placed, totalPrice: "12.00", currency: "USD" }, sourceUpdatedAt: placed });
    await db().syncState.create({ data: { shop, status: "completed", lastFullSyncAt: new Date() } });
    startJobProcessing();

    server.answer({ body: adminApiFixture("bulk-operation-run-query") });
    expect(await runJobHandler(backfillPurchaseLinesJob, { shop }, { attempt: 1, maxAttempts: 4 })).toMatchObject({ started: "gid://shopify/BulkOperation/720918" });
    const sent = graphqlBodies(server.requests.length - 1)[0]!;
    expect(sent.query).toContain("bulkOperationRunQuery");
    expect(JSON.stringify(sent.variables)).toContain("lineItems");

    const url = server.serveJsonl("backfill", () => adminApiJsonlFixture("orders-with-line-items"));
    const completed = adminApiFixture("bulk-operation-completed") as { data: { bulkOperation: Record<string, unknown> } };
    server.answer({ body: { ...completed, data: { bulkOperation: { ...completed.data.bulkOperation, url } } } });
    const finish = { admin_graphql_api_id: "gid://shopify/BulkOperation/720918", completed_at: "2026-10-12T05:16:40-04:00", created_at: "2026-10-12T05:14:02-04:00", error_code: null, status: "completed", type: "query" };
    expect((await deliverSync("bulk_operations/finish", shop, finish)).status).toBe(200);
    await expect.poll(async () => (await db().purchaseLineBackfill.findUnique({ where: { shop } }))?.status, { timeout: 15_000, interval: 100 }).toBe("completed");

    const lines = await db().purchaseLine.findMany({ where: { shop } });
    expect(lines).toEqual([expect.objectContaining({ orderId: "9101", customerRef: ref(shop, 7001), productId: "301", variantId: "401", quantity: 2, unitPrice: 49.95, purchasedAt: placed })]);
    expect(await db().outboxMessage.count({ where: { shop, job: "personalization.fit-shop" } })).toBe(1);
    await allJobsDone();
    // The sync's own state is untouched by the backfill's finish webhook.
    expect(await db().syncState.findUniqueOrThrow({ where: { shop } })).toMatchObject({ status: "completed", bulkOperationId: null });
  });

  it("given installed shops, when the nightly run fires, then each gets one fit (or first its backfill) and an uninstalled shop none", async () => {
    expect(SCHEDULES).toContainEqual({ job: nightlyPersonalizationJob, everyMs: NIGHTLY_EVERY_MS });
    const [fresh, synced, gone] = ["nightly-fresh.myshopify.com", "nightly-synced.myshopify.com", "nightly-gone.myshopify.com"];
    await db().shop.createMany({ data: [{ domain: fresh }, { domain: synced }, { domain: gone, uninstalledAt: new Date() }] });
    await db().syncState.create({ data: { shop: synced, status: "completed", lastFullSyncAt: new Date() } });
    await runJobHandler(nightlyPersonalizationJob, {}, { attempt: 1, maxAttempts: 3 });
    const queued = await db().outboxMessage.findMany({ where: { shop: { in: [fresh, synced, gone] } }, select: { shop: true, job: true, payload: true } });
    expect(queued.sort((a, b) => a.shop.localeCompare(b.shop))).toEqual([
      { shop: fresh, job: "personalization.fit-shop", payload: JSON.stringify({ shop: fresh }) },
      { shop: synced, job: "personalization.backfill-lines", payload: JSON.stringify({ shop: synced }) },
    ]);
  });
});
