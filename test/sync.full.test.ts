// The full sync against a real local HTTP server in Shopify's place: "Sync now" starts the bulk
// query, the bulk_operations/finish webhook queues the ingest, the JSONL result lands in the vault.
import { afterAll, describe, expect, it, vi } from "vitest";
import { appServices } from "../app/composition.server";
import { db } from "../app/db.server";
import { log } from "../app/log.server";
import { action as homeAction, loader as homeLoader } from "../app/routes/app._index";
import { ingestBulkOperation } from "../app/sync/full-sync.server";
import { ingestBulkOperationJob } from "../app/sync/jobs.server";
import { vault } from "../app/vault/vault.server";
import { adminApiFixture } from "../harness/admin-api-server";
import { customersWithOrdersLines, fakeCustomer } from "../harness/bulk-jsonl-fixture";
import { customerRedactPayload, deliver, requestReaching } from "./helpers/compliance";
import { allJobsDone, runJobHandler, startJobProcessing } from "./helpers/jobs";
import { capturedLog, databaseMentions, redisMentions } from "./helpers/pii-scan";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { deliverSync, vaultCustomer } from "./helpers/sync";

// The sync reads the Admin API origin from its settings once per process: point it at the local
// server before the app's modules load.
const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());
// Home also asks about the theme's banner embed and Shopify's own cookie banner, alongside the calls scripted here.
server.answerOperation("ConsentBannerEmbedStatus", { body: adminApiFixture("main-theme-embed-enabled") });
server.answerOperation("ShopifyCookieBanner", { body: adminApiFixture("privacy-settings-banner-off") });

const OPERATION = "gid://shopify/BulkOperation/720918";

function operationAnswer(overrides: Record<string, unknown>) {
  const fixture = adminApiFixture("bulk-operation-completed") as { data: { bulkOperation: Record<string, unknown> } };
  return { body: { ...fixture, data: { bulkOperation: { ...fixture.data.bulkOperation, ...overrides } } } };
}

const finishPayload = (status = "completed", errorCode: string | null = null) => ({
  admin_graphql_api_id: OPERATION,
  completed_at: "2026-10-12T05:16:40-04:00",
  created_at: "2026-10-12T05:14:02-04:00",
  error_code: errorCode,
  status,
  type: "query",
});

async function syncNow(shop: string) {
  const response = await respond(async () => homeAction({ request: await adminRequest("/app", shop, { form: { intent: "sync-now" } }), params: {}, context: {} }));
  expect(response.status).toBe(200);
}

const syncState = (shop: string) => db().syncState.findUniqueOrThrow({ where: { shop } });

describe("full sync", () => {
  it("given Sync now, when Shopify finishes the bulk query, then every customer and order of the result is in the vault and the home shows it", async () => {
    const shop = "full-sync.myshopify.com";
    const { log, mentions } = capturedLog();
    await installShop(shop);
    startJobProcessing({ log });
    const url = server.serveJsonl("full-sync", () => {
      const lines = [...customersWithOrdersLines({ customers: 6, ordersPerCustomer: 2 })];
      // Customer 5 as an app not approved for protected fields sees them: nulls. The sync carries on.
      lines[15] = JSON.stringify({ ...fakeCustomer(5), firstName: null, lastName: null, defaultEmailAddress: null, defaultPhoneNumber: null, defaultAddress: null, numberOfOrders: "2" });
      return lines;
    });
    server.answer({ body: adminApiFixture("bulk-operation-run-query") });

    await syncNow(shop);
    await expect.poll(async () => (await db().syncState.findUnique({ where: { shop } }))?.status, { timeout: 10_000 }).toBe("running");
    server.answer(operationAnswer({ url }));
    expect((await deliverSync("bulk_operations/finish", shop, finishPayload())).status).toBe(200);
    await allJobsDone();

    expect(await syncState(shop)).toMatchObject({ status: "completed", bulkOperationId: OPERATION, customersSynced: 6, ordersSynced: 12, lastError: null });
    expect(await vaultCustomer(shop, 1_000_001)).toMatchObject({
      email: fakeCustomer(1).defaultEmailAddress.emailAddress,
      phone: fakeCustomer(1).defaultPhoneNumber.phoneNumber,
      firstName: fakeCustomer(1).firstName,
      state: "enabled",
      ordersCount: 2,
      emailMarketingState: fakeCustomer(1).defaultEmailAddress.marketingState,
      // Off by default.
      defaultAddress: null,
      note: null,
    });
    expect(await vaultCustomer(shop, 1_000_005)).toMatchObject({ email: null, firstName: null, phone: null });
    expect(await db().order.count({ where: { shop, customerId: "1000003" } })).toBe(2);
    const startRequest = server.requests.find((request) => request.body.includes("bulkOperationRunQuery"));
    // The token as Shopify issued it: the session row holds it encrypted.
    expect(startRequest?.headers["x-shopify-access-token"]).toBe("totally_real_token");

    const home = await respond(async () => homeLoader({ request: await adminRequest("/app", shop), params: {}, context: {} }));
    expect((await home.json()).sync).toMatchObject({ status: "completed", customersStored: 6, ordersStored: 12, lastError: null });

    const needles = [0, 1, 2, 3, 4].flatMap((index) => [fakeCustomer(index).defaultEmailAddress.emailAddress, fakeCustomer(index).defaultPhoneNumber.phoneNumber]);
    expect(await databaseMentions(needles)).toEqual([]);
    expect(await redisMentions(needles)).toEqual([]);
    expect(mentions(needles)).toEqual([]);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { shop, action: "sync.full.requested" } });
    expect(audit.actor).toMatch(/^staff:/);
  });

  it("given an ingest whose download broke off, when it runs again, then it resumes after the last stored batch without repeating it", async () => {
    const shop = "full-sync-resume.myshopify.com";
    await installShop(shop);
    const url = server.serveJsonl("resume", () => customersWithOrdersLines({ customers: 7, ordersPerCustomer: 2 }));
    await db().syncState.create({ data: { shop, status: "running", bulkOperationId: OPERATION, startedAt: new Date() } });
    const client = await appServices().adminClient({ shop, log });
    const ingest = (fetch?: typeof globalThis.fetch) => ingestBulkOperation({ db: db(), vault: vault(), shop, operationId: OPERATION, client, batchSize: 2, fetch });

    server.answer(operationAnswer({ url }));
    // The connection drops once the first batch is stored, as it would mid-way through a long file.
    const firstBatchStored = () => expect.poll(async () => (await syncState(shop)).cursorLine, { timeout: 5_000, interval: 20 }).toBeGreaterThan(0);
    await expect(ingest(brokenOffAfterLines(10, firstBatchStored))).rejects.toThrow(/connection reset/);
    const interrupted = await syncState(shop);
    // Lines 1-6 are customers 0 and 1 with their orders: the one full batch before the break.
    expect(interrupted).toMatchObject({ status: "ingesting", cursorLine: 6, customersSynced: 2, ordersSynced: 4 });

    server.answer(operationAnswer({ url }));
    await ingest();

    expect(await syncState(shop)).toMatchObject({ status: "completed", cursorLine: 21, customersSynced: 7, ordersSynced: 14 });
    expect(await db().customer.count({ where: { shop } })).toBe(7);
  });

  it("given a failed bulk operation, then the sync state says why and nothing crashes", async () => {
    const shop = "full-sync-failed.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await db().syncState.create({ data: { shop, status: "running", bulkOperationId: OPERATION, startedAt: new Date() } });
    server.answer(operationAnswer({ status: "FAILED", errorCode: "ACCESS_DENIED", url: null, partialDataUrl: null }));

    await deliverSync("bulk_operations/finish", shop, finishPayload("failed", "access_denied"));
    await allJobsDone();

    expect(await syncState(shop)).toMatchObject({ status: "failed", lastError: "bulk operation failed (ACCESS_DENIED)", errorCount: 1 });
    expect(await db().customer.count({ where: { shop } })).toBe(0);
  });

  it("given the Admin API keeps refusing, when the ingest job's last attempt fails, then the sync card shows why", async () => {
    const shop = "full-sync-gave-up.myshopify.com";
    await installShop(shop);
    await db().syncState.create({ data: { shop, status: "running", bulkOperationId: OPERATION, startedAt: new Date() } });
    server.answer({ status: 403, body: { errors: "[API] This action requires merchant approval for read_customers scope." } });
    await expect(runJobHandler(ingestBulkOperationJob, { shop, operationId: OPERATION }, { attempt: 8, maxAttempts: 8 })).rejects.toThrow(/403/);

    expect(await syncState(shop)).toMatchObject({ status: "failed", lastError: "gave up after 8 attempts: Admin API answered 403", errorCount: 1 });
  });

  it("given a customer erased before the full sync, then the ingest does not bring them back", async () => {
    const shop = "full-sync-tombstone.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/redact", shop, customerRedactPayload(shop, 1_000_002));
    await requestReaching(shop, "customer_redact", "completed");
    const url = server.serveJsonl("tombstone", () => customersWithOrdersLines({ customers: 4, ordersPerCustomer: 1 }));
    await db().syncState.create({ data: { shop, status: "running", bulkOperationId: OPERATION, startedAt: new Date() } });
    server.answer(operationAnswer({ url }));

    await deliverSync("bulk_operations/finish", shop, finishPayload());
    await allJobsDone();

    expect(await syncState(shop)).toMatchObject({ status: "completed", customersSynced: 3 });
    expect(await vaultCustomer(shop, 1_000_002)).toBeNull();
    expect(await db().order.count({ where: { shop, customerId: "1000002" } })).toBe(0);
    expect(await vaultCustomer(shop, 1_000_003)).not.toBeNull();
  });

  it("given two shops, then one shop's full sync neither writes nor reads the other's", async () => {
    const [a, b] = ["full-sync-a.myshopify.com", "full-sync-b.myshopify.com"];
    await installShop(a);
    await installShop(b);
    startJobProcessing();
    await db().syncState.create({ data: { shop: b, status: "completed", bulkOperationId: "gid://shopify/BulkOperation/1", customersSynced: 99 } });
    const url = server.serveJsonl("tenant", () => customersWithOrdersLines({ customers: 2, ordersPerCustomer: 1 }));
    await db().syncState.create({ data: { shop: a, status: "running", bulkOperationId: OPERATION, startedAt: new Date() } });
    server.answer(operationAnswer({ url }));

    await deliverSync("bulk_operations/finish", a, finishPayload());
    // The same operation id announced for shop B is not B's current sync: ignored.
    await deliverSync("bulk_operations/finish", b, finishPayload());
    await allJobsDone();

    expect(await db().customer.count({ where: { shop: a } })).toBe(2);
    expect(await db().customer.count({ where: { shop: b } })).toBe(0);
    expect(await syncState(b)).toMatchObject({ status: "completed", customersSynced: 99 });
  });
});

/** A fetch whose body stops with a network error after `lines` lines (once `breakWhen` resolves), as a dropped download does. */
function brokenOffAfterLines(lines: number, breakWhen: () => Promise<unknown>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const reader = response.body!.getReader();
    let seen = 0;
    let cutOff = false;
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (cutOff) {
          await breakWhen();
          return controller.error(new Error("connection reset"));
        }
        const { done, value } = await reader.read();
        if (done) return controller.close();
        const text = decoder.decode(value, { stream: true });
        let cut = -1;
        for (let index = 0; index < text.length; index++) {
          if (text[index] === "\n" && ++seen === lines) {
            cut = index + 1;
            break;
          }
        }
        if (cut < 0) return controller.enqueue(encoder.encode(text));
        controller.enqueue(encoder.encode(text.slice(0, cut)));
        await reader.cancel();
        cutOff = true;
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}
