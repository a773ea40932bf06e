import { USER_ID } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "../app/audit/verify-chain.server";
import { db } from "../app/db.server";
import { receiveComplianceWebhook } from "../app/privacy/receive-request.server";
import { listPrivacyRequests } from "../app/privacy/request-list.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { loader as homeLoader } from "../app/routes/app._index";
import { loader as exportLoader } from "../app/routes/app.requests.$id.export.$format";
import { action as detailAction, loader as detailLoader } from "../app/routes/app.requests.$id";
import { loader as listLoader } from "../app/routes/app.requests._index";
import { customerOf, customerRedactPayload, dataRequestPayload, deliver, requestReaching } from "./helpers/compliance";
import { allJobsDone, startJobProcessing } from "./helpers/jobs";
import { adminRequest, installShop, respond } from "./helpers/shopify";
import { deliverSync, syncDeliveriesApplied } from "./helpers/sync";
import { restCustomer } from "../harness/shopify-rest-payloads";

const DAY_MS = 24 * 3600 * 1000;
const STAFF = `staff:${USER_ID}`;

async function openList(shop: string, query = "") {
  return respond(async () => listLoader({ request: await adminRequest(`/app/requests${query}`, shop), params: {}, context: {} }));
}

async function openDetail(shop: string, id: string) {
  return respond(async () => detailLoader({ request: await adminRequest(`/app/requests/${id}`, shop), params: { id }, context: {} }));
}

async function act(shop: string, id: string, intent: string) {
  return respond(async () => detailAction({ request: await adminRequest(`/app/requests/${id}`, shop, { form: { intent } }), params: { id }, context: {} }));
}

async function download(shop: string, id: string, format: string) {
  return respond(async () => exportLoader({ request: await adminRequest(`/app/requests/${id}/export/${format}`, shop), params: { id, format }, context: {} }));
}

/** A data request received through the real domain function, its job left in the outbox (not relayed). */
async function receivedDataRequest(shop: string, customerId: number) {
  const outcome = await receiveComplianceWebhook({
    db: db(),
    delivery: { id: `delivery-${shop}-${customerId}`, shop, topic: "CUSTOMERS_DATA_REQUEST" },
    payload: dataRequestPayload(shop, customerId),
  });
  if (outcome.outcome !== "accepted") throw new Error(`request not accepted: ${outcome.outcome}`);
  return outcome.requestId;
}

const auditActions = async (shop: string, action: string) => db().auditEvent.findMany({ where: { shop, action } });

describe("privacy requests list", () => {
  it("given requests of two shops, when a shop's staff opens the list, then only that shop's requests are shown with masked customer references", async () => {
    const shop = "list-a.myshopify.com";
    const other = "list-b.myshopify.com";
    await installShop(shop);
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 4242));
    await deliver("customers/redact", shop, customerRedactPayload(shop, 4343));
    await deliver("customers/data_request", other, dataRequestPayload(other, 4444));

    const response = await openList(shop);

    expect(response.status).toBe(200);
    const body = await response.text();
    const data = JSON.parse(body);
    expect(data.requests).toHaveLength(2);
    expect(data.requests.map((row: { type: string }) => row.type).sort()).toEqual(["customer_redact", "data_request"]);
    const ref = subjectRef({ shop, customerId: "4242" });
    expect(data.requests.map((row: { subject: unknown }) => row.subject)).toContainEqual({ kind: "customer", ref: ref.slice(-4) });
    for (const needle of ["4242", "4343", "4444", ref, customerOf(4242).email, customerOf(4242).phone]) expect(body).not.toContain(needle);
    expect(data.totalsByStatus).toMatchObject({ received: 2, completed: 0 });
    expect(data.alerts).toEqual({ open: 2, failed: 0, overdue: 0, dueSoon: 0 });
  });

  it("given a type or status filter, when the list loads, then only matching requests are shown", async () => {
    const shop = "filters.myshopify.com";
    await installShop(shop);
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 1));
    await deliver("customers/redact", shop, customerRedactPayload(shop, 2));
    await db().privacyRequest.updateMany({ where: { shop, type: "customer_redact" }, data: { status: "failed", lastError: "boom" } });

    const byType = await (await openList(shop, "?type=customer_redact")).json();
    expect(byType.requests.map((row: { type: string }) => row.type)).toEqual(["customer_redact"]);
    const byStatus = await (await openList(shop, "?status=received")).json();
    expect(byStatus.requests.map((row: { type: string }) => row.type)).toEqual(["data_request"]);
    expect(byStatus.alerts.failed).toBe(1);
    const none = await (await openList(shop, "?type=shop_redact&status=received")).json();
    expect(none.requests).toEqual([]);
  });

  it.each([
    ["an unknown type", "?type=everything", "type"],
    ["an unknown status", "?status=lost", "status"],
    ["a page below 1", "?page=0", "page"],
    ["a page that is not a number", "?page=two", "page"],
    ["an overdue flag other than 1", "?overdue=yes", "overdue"],
  ])("given %s, when the list loads, then it answers 400 naming the parameter", async (_case, query, parameter) => {
    const shop = "bad-filter.myshopify.com";
    await installShop(shop);
    const response = await openList(shop, query);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain(parameter);
  });

  it("given a request received at a known time, when listed later, then days left count down and turn into overdue, with the alerts to match", async () => {
    const shop = "deadlines.myshopify.com";
    const receivedAt = new Date("2026-03-01T09:00:00Z");
    await receiveComplianceWebhook({ db: db(), delivery: { id: "deadline-1", shop, topic: "CUSTOMERS_REDACT" }, payload: customerRedactPayload(shop, 9), now: receivedAt });
    const at = (days: number) => listPrivacyRequests({ db: db(), shop, filters: {}, page: 1, now: new Date(receivedAt.getTime() + days * DAY_MS) });

    const fresh = await at(0);
    expect(fresh.requests[0]).toMatchObject({ daysLeft: 30, dueAt: "2026-03-31T09:00:00.000Z" });
    expect(fresh.alerts).toEqual({ open: 1, failed: 0, overdue: 0, dueSoon: 0 });

    const close = await at(24.5);
    expect(close.requests[0]!.daysLeft).toBe(5);
    expect(close.alerts).toMatchObject({ overdue: 0, dueSoon: 1 });

    const late = await at(32);
    expect(late.requests[0]!.daysLeft).toBe(-2);
    expect(late.alerts).toMatchObject({ overdue: 1, dueSoon: 0 });
    expect((await listPrivacyRequests({ db: db(), shop, filters: { overdueOnly: true }, page: 1, now: new Date(receivedAt.getTime() + 32 * DAY_MS) })).requests).toHaveLength(1);
    expect((await listPrivacyRequests({ db: db(), shop, filters: { overdueOnly: true }, page: 1, now: receivedAt })).requests).toHaveLength(0);

    await db().privacyRequest.updateMany({ where: { shop }, data: { status: "completed" } });
    const done = await at(32);
    expect(done.requests[0]!.daysLeft).toBeNull();
    expect(done.alerts).toEqual({ open: 0, failed: 0, overdue: 0, dueSoon: 0 });
  });

  it("given more requests than a page holds, when paging, then each page has its share and says whether more follow", async () => {
    const shop = "paging.myshopify.com";
    await installShop(shop);
    for (let index = 0; index < 27; index++) {
      await receiveComplianceWebhook({ db: db(), delivery: { id: `paging-${index}`, shop, topic: "CUSTOMERS_REDACT" }, payload: customerRedactPayload(shop, index + 1) });
    }
    const first = await (await openList(shop)).json();
    expect(first).toMatchObject({ page: 1, hasPrevious: false, hasNext: true, matching: 27 });
    expect(first.requests).toHaveLength(25);
    const second = await (await openList(shop, "?page=2")).json();
    expect(second).toMatchObject({ page: 2, hasPrevious: true, hasNext: false });
    expect(second.requests).toHaveLength(2);
  });

  it("given requests that failed or run late, when the admin home loads, then its privacy card counts them", async () => {
    const shop = "home-card.myshopify.com";
    await installShop(shop);
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 1));
    await deliver("customers/redact", shop, customerRedactPayload(shop, 2));
    await db().privacyRequest.updateMany({ where: { shop, type: "customer_redact" }, data: { status: "failed", dueAt: new Date(Date.now() - DAY_MS) } });

    const response = await respond(async () => homeLoader({ request: await adminRequest("/app", shop), params: {}, context: {} }));

    expect((await response.json()).privacyRequests).toEqual({ open: 2, failed: 1, overdue: 1, dueSoon: 0 });
  });
});

describe("privacy request detail and export download", () => {
  it("given a completed data request, when its page opens, then it shows the timeline and export metadata but never the content", async () => {
    const shop = "detail.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 77));
    const request = await requestReaching(shop, "data_request", "completed");

    const response = await openDetail(shop, request.id);

    expect(response.status).toBe(200);
    const body = await response.text();
    const { request: shown } = JSON.parse(body);
    // Customer 77 was never synced: the export holds nothing about them, which is the answer.
    expect(shown).toMatchObject({ id: request.id, type: "data_request", status: "completed", outcome: "no_data", daysLeft: null, receipts: [] });
    expect(shown.timeline.map((event: { kind: string }) => event.kind)).toEqual(["received", "started", "export_ready", "completed"]);
    expect(shown.exports).toEqual([
      expect.objectContaining({ format: "csv", expired: false, downloadedAt: null }),
      expect.objectContaining({ format: "json", expired: false, downloadedAt: null }),
    ]);
    expect(body).not.toContain(customerOf(77).email);
    expect(body).not.toContain('"77"');
  });

  it("given a completed erasure, when its page opens, then the receipt shows what was erased and that it verifies", async () => {
    const shop = "receipt.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/redact", shop, customerRedactPayload(shop, 5));
    const request = await requestReaching(shop, "customer_redact", "completed");

    const { request: shown } = await (await openDetail(shop, request.id)).json();

    expect(shown.receipts).toHaveLength(1);
    expect(shown.receipts[0]).toMatchObject({ scope: "customer", verified: true, erased: expect.objectContaining({ "privacy.exports": 0 }) });
    expect(shown.receipts[0].digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it("given a request of another shop, when its page, action or export is asked for, then each answers 404 and nothing changes", async () => {
    const shop = "owner.myshopify.com";
    const intruder = "intruder.myshopify.com";
    await installShop(intruder);
    const id = await receivedDataRequest(shop, 1);
    await db().privacyRequest.update({ where: { id }, data: { status: "failed" } });

    expect((await openDetail(intruder, id)).status).toBe(404);
    expect((await act(intruder, id, "retry")).status).toBe(404);
    expect((await download(intruder, id, "json")).status).toBe(404);
    expect((await db().privacyRequest.findUniqueOrThrow({ where: { id } })).status).toBe("failed");
    expect(await db().auditEvent.count({ where: { shop: intruder } })).toBe(0);
  });

  it("given a malformed request id, then the page answers 400", async () => {
    const shop = "malformed.myshopify.com";
    await installShop(shop);
    expect((await openDetail(shop, "not-a-uuid")).status).toBe(400);
  });

  it("given a ready export, when staff download it as JSON and CSV, then each download is the decrypted file with download headers and one audit entry", async () => {
    const shop = "download.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 31));
    const request = await requestReaching(shop, "data_request", "completed");
    expect(await auditActions(shop, "privacy.export.downloaded")).toHaveLength(0);

    const json = await download(shop, request.id, "json");
    expect(json.status).toBe(200);
    expect(json.headers.get("Content-Type")).toBe("application/json");
    expect(json.headers.get("Content-Disposition")).toBe(`attachment; filename="customer-export-${request.id}.json"`);
    expect(json.headers.get("Cache-Control")).toBe("no-store");
    expect(await json.json()).toMatchObject({ subject: { customerId: "31" }, request: { id: request.id } });
    expect(await auditActions(shop, "privacy.export.downloaded")).toEqual([
      expect.objectContaining({ actor: STAFF, subjectRef: request.subjectRef, detail: JSON.stringify({ requestId: request.id, format: "json" }) }),
    ]);

    const csv = await download(shop, request.id, "csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("Content-Disposition")).toBe(`attachment; filename="customer-export-${request.id}.csv"`);
    expect(csv.headers.get("Cache-Control")).toBe("no-store");
    expect(await csv.text()).toContain("subject,customerId,31");
    expect(await auditActions(shop, "privacy.export.downloaded")).toHaveLength(2);
    expect((await db().dataExport.findFirstOrThrow({ where: { requestId: request.id, format: "csv" } })).downloadedAt).not.toBeNull();
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
  });

  it("given an expired export, when staff try to download it, then it answers 404 and records no download", async () => {
    const shop = "expired.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 32));
    const request = await requestReaching(shop, "data_request", "completed");
    await db().dataExport.updateMany({ where: { requestId: request.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect((await download(shop, request.id, "json")).status).toBe(404);
    expect(await auditActions(shop, "privacy.export.downloaded")).toHaveLength(0);
    const { request: shown } = await (await openDetail(shop, request.id)).json();
    expect(shown.exports.every((stored: { expired: boolean }) => stored.expired)).toBe(true);
  });

  it("given a format other than json or csv, when downloading, then it answers 400", async () => {
    const shop = "format.myshopify.com";
    await installShop(shop);
    const id = await receivedDataRequest(shop, 3);
    expect((await download(shop, id, "xml")).status).toBe(400);
  });
});

describe("privacy request actions", () => {
  it("given a failed request whose job gave up, when staff retry it, then it is queued again in one step and a real worker completes it", async () => {
    const shop = "retry.myshopify.com";
    await installShop(shop);
    const id = await receivedDataRequest(shop, 51);
    // The state after the job's last attempt: nothing left in the outbox, the request failed.
    await db().outboxMessage.deleteMany({ where: { shop } });
    await db().privacyRequest.update({ where: { id }, data: { status: "failed", lastError: "vault unavailable", attempts: 10 } });

    const response = await act(shop, id, "retry");

    expect(response.status).toBe(200);
    const retried = await db().privacyRequest.findUniqueOrThrow({ where: { id } });
    expect(retried).toMatchObject({ status: "received", lastError: null });
    const [outbox] = await db().outboxMessage.findMany({ where: { shop } });
    expect(outbox).toMatchObject({ job: "privacy.process-request" });
    expect(JSON.parse(outbox!.payload)).toEqual({ shop, requestId: id });
    expect(await auditActions(shop, "privacy.request.retried")).toEqual([expect.objectContaining({ actor: STAFF, subjectRef: retried.subjectRef })]);

    startJobProcessing();
    await requestReaching(shop, "data_request", "completed");
    const kinds = (await db().privacyRequestEvent.findMany({ where: { requestId: id }, orderBy: { at: "asc" } })).map((event) => event.kind);
    expect(kinds).toEqual(["received", "retried", "started", "export_ready", "completed"]);
    expect(await db().dataExport.count({ where: { requestId: id } })).toBe(2);
  });

  it("given a queued request, when staff put it on hold, then its job skips it; when they resume it, then a worker completes it", async () => {
    const shop = "hold.myshopify.com";
    await installShop(shop);
    const id = await receivedDataRequest(shop, 61);

    expect((await act(shop, id, "hold")).status).toBe(200);
    expect((await db().privacyRequest.findUniqueOrThrow({ where: { id } })).status).toBe("on_hold");
    startJobProcessing();
    await allJobsDone();
    expect((await db().privacyRequest.findUniqueOrThrow({ where: { id } })).status).toBe("on_hold");

    expect((await act(shop, id, "resume")).status).toBe(200);
    await requestReaching(shop, "data_request", "completed");

    const audit = await db().auditEvent.findMany({ where: { shop, actor: STAFF }, orderBy: { seq: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["privacy.request.held", "privacy.request.resumed"]);
    expect(audit.every((entry) => entry.subjectRef === subjectRef({ shop, customerId: "61" }))).toBe(true);
    const kinds = (await db().privacyRequestEvent.findMany({ where: { requestId: id }, orderBy: { at: "asc" } })).map((event) => event.kind);
    expect(kinds).toEqual(["received", "held", "resumed", "started", "export_ready", "completed"]);
  });

  it("given a completed request, when staff try to hold or retry it, then it answers 409 and nothing changes", async () => {
    const shop = "done.myshopify.com";
    await installShop(shop);
    const id = await receivedDataRequest(shop, 71);
    await db().privacyRequest.update({ where: { id }, data: { status: "completed" } });

    expect((await act(shop, id, "hold")).status).toBe(409);
    expect((await act(shop, id, "retry")).status).toBe(409);
    expect((await db().privacyRequest.findUniqueOrThrow({ where: { id } })).status).toBe("completed");
    expect(await db().auditEvent.count({ where: { shop, actor: STAFF } })).toBe(0);
  });

  it("given an unknown intent, when posted, then it answers 400 and nothing changes", async () => {
    const shop = "bad-intent.myshopify.com";
    await installShop(shop);
    const id = await receivedDataRequest(shop, 81);
    await db().privacyRequest.update({ where: { id }, data: { status: "failed" } });
    const before = { events: await db().privacyRequestEvent.count({ where: { shop } }), audit: await db().auditEvent.count({ where: { shop } }), outbox: await db().outboxMessage.count({ where: { shop } }) };

    const response = await act(shop, id, "delete");

    expect(response.status).toBe(400);
    expect((await response.json()).error).toContain("intent");
    expect((await db().privacyRequest.findUniqueOrThrow({ where: { id } })).status).toBe("failed");
    expect({ events: await db().privacyRequestEvent.count({ where: { shop } }), audit: await db().auditEvent.count({ where: { shop } }), outbox: await db().outboxMessage.count({ where: { shop } }) }).toEqual(before);
  });
});

describe("what a finished request achieved", () => {
  const outcomeOf = async (shop: string, id: string) => (await (await openDetail(shop, id)).json()).request;

  it("given a data request about a customer the app holds, then it reads 'export ready' with the deadline still running until staff mark it sent (audited, once)", async () => {
    const shop = "outcome-export.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(201));
    await syncDeliveriesApplied(shop);
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 201));
    const request = await requestReaching(shop, "data_request", "completed");

    expect(await outcomeOf(shop, request.id)).toMatchObject({ outcome: "export_ready", daysLeft: expect.any(Number), deliveredAt: null });
    expect((await listPrivacyRequests({ db: db(), shop, filters: {}, page: 1 })).requests[0]).toMatchObject({ outcome: "export_ready" });

    expect((await act(shop, request.id, "deliver")).status).toBe(200);
    const delivered = await outcomeOf(shop, request.id);
    expect(delivered).toMatchObject({ outcome: "delivered", daysLeft: null, deliveredAt: expect.any(String) });
    expect(delivered.timeline.at(-1)).toMatchObject({ kind: "delivered" });
    expect(await auditActions(shop, "privacy.export.delivered")).toEqual([expect.objectContaining({ actor: STAFF, subjectRef: request.subjectRef })]);

    expect((await act(shop, request.id, "deliver")).status).toBe(409);
    expect(await auditActions(shop, "privacy.export.delivered")).toHaveLength(1);
    expect((await verifyAuditChain({ db: db(), shop })).ok).toBe(true);
  });

  it("given a data request about a customer the app never stored, then it says no data is held and there is nothing to send", async () => {
    const shop = "outcome-no-data.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/data_request", shop, dataRequestPayload(shop, 202));
    const request = await requestReaching(shop, "data_request", "completed");

    expect(await outcomeOf(shop, request.id)).toMatchObject({ outcome: "no_data", daysLeft: null });
    expect((await act(shop, request.id, "deliver")).status).toBe(409);
    expect(await auditActions(shop, "privacy.export.delivered")).toHaveLength(0);
  });

  it("given an erasure that names nobody the app can find, when resumed and run, then it says nobody was found and nothing erased", async () => {
    const shop = "outcome-nobody.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    await deliver("customers/redact", shop, { shop_id: 1, shop_domain: shop, customer: { email: "nobody@mail.example.com" }, orders_to_redact: [] });
    const request = await requestReaching(shop, "customer_redact", "completed");

    const shown = await outcomeOf(shop, request.id);
    expect(shown).toMatchObject({ outcome: "nobody_found", subject: { kind: "unidentified" }, shopifyCustomerId: null });
    expect(shown.receipts).toEqual([]);
  });

  it("given an open request Shopify named by id, then its page shows Shopify's data request id and the customer id for the link into the Shopify admin", async () => {
    const shop = "outcome-ids.myshopify.com";
    await installShop(shop);
    const id = await receivedDataRequest(shop, 203);

    expect(await outcomeOf(shop, id)).toMatchObject({ shopifyDataRequestId: "9999", shopifyCustomerId: "203", outcome: null, failure: null });
  });

  it.each([
    ["vault shop key version 3 is missing", "key_unavailable"],
    ["database error P1001: Can't reach database server", "database"],
    ["Admin API answered 401 Unauthorized", "shopify_access"],
    ["Connection is closed. (redis)", "queue"],
    ["something nobody planned for", "unknown"],
  ])("given a request that failed with %j, then the page gives the merchant the %s explanation and never the text", async (lastError, code) => {
    const shop = `failure-${code.replace(/_/g, "-")}.myshopify.com`;
    await installShop(shop);
    const id = await receivedDataRequest(shop, 204);
    await db().privacyRequest.update({ where: { id }, data: { status: "failed", lastError } });

    const response = await openDetail(shop, id);
    const body = await response.text();
    expect(JSON.parse(body).request.failure).toBe(code);
    expect(body).not.toContain(lastError);
  });
});
