// The storefront privacy center through its real app-proxy route: requests signed as Shopify's proxy
// signs them, email through a real SMTP server, requests carried out by real workers, and Shopify's
// Admin API answered at its documented contract by the local stand-in.
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { describe, expect, it, vi } from "vitest";
import { adminApiFixture } from "../harness/admin-api-server";
import { signedProxyQuery } from "../harness/app-proxy";
import { db } from "../app/db.server";
import { CENTER_LIMITS } from "../app/privacy-center/privacy-center.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { action, loader } from "../app/routes/proxy.privacy";
import { loader as listLoader } from "../app/routes/app.requests._index";
import { loader as detailLoader, action as detailAction } from "../app/routes/app.requests.$id";
import { proxyRequest, receiptBody, sendReceipt } from "./helpers/consent-receipts";
import { requestShopifyErasureJob } from "../app/privacy/jobs.server";
import { runJobHandler, startJobProcessing } from "./helpers/jobs";
import { adminRequest, APP_URL, installShop, respond } from "./helpers/shopify";
import { mailText } from "./helpers/smtp";
import { deliverSync, syncDeliveriesApplied } from "./helpers/sync";
import { restCustomer } from "../harness/shopify-rest-payloads";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
// Before anything reads the settings: the app's mailer is the configured SMTP server.
const smtp = await vi.hoisted(async () => {
  const started = await (await import("./helpers/smtp")).startSmtpServer();
  process.env.SMTP_URL = started.url;
  return started;
});

interface CenterCall {
  shop: string;
  customerId?: string;
  query?: [string, string][];
  secret?: string;
  ip?: string;
}

function centerUrl({ shop, customerId = "", query = [], secret = API_SECRET_KEY }: CenterCall) {
  return `${APP_URL}/proxy/privacy?${signedProxyQuery({ shop, customerId, secret, storefrontQuery: query })}`;
}

const openCenter = (call: CenterCall) => respond(() => loader({ request: new Request(centerUrl(call)), params: {}, context: {} }));

function postCenter(call: CenterCall, form: Record<string, string>) {
  const request = new Request(centerUrl(call), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `${call.ip ?? "203.0.113.7"}, 23.227.38.1` },
    body: new URLSearchParams(form),
  });
  return respond(() => action({ request, params: {}, context: {} }));
}

/** The anti-forgery token of the form the center serves to this visitor. */
async function servedFormToken(call: CenterCall) {
  const page = await (await openCenter(call)).text();
  return /name="form" value="([^"]+)"/.exec(page)![1]!;
}

async function ask(call: CenterCall, fields: Record<string, string>) {
  return postCenter(call, { intent: "request", form: await servedFormToken(call), ...fields });
}

const requestsOf = (shop: string) => db().privacyRequest.findMany({ where: { shop }, orderBy: { receivedAt: "asc" } });

function mailsTo(address: string) {
  return smtp.received.filter((mail) => mail.to.includes(address));
}

/** The confirmation token in the last mail to `address`. */
function confirmationToken(address: string) {
  const text = mailText(mailsTo(address).at(-1)!.raw);
  return /[?&]confirm=([A-Za-z0-9_.-]+)/.exec(text)![1]!;
}

describe("a logged-in customer (the proxy's signed logged_in_customer_id)", () => {
  it("given their banner choices, when they open the center, then the theme renders their latest choice and the request form, with no email field", async () => {
    const shop = "center-view.myshopify.com";
    await sendReceipt(proxyRequest({ shop, customerId: "8101", body: receiptBody({ choices: { analytics: true, marketing: false, preferences: true, saleOfData: true } }) }));

    const response = await openCenter({ shop, customerId: "8101", query: [["lang", "de"]] });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/liquid/);
    const page = await response.text();
    expect(page).toContain("Datenschutz-Center");
    expect(page).toContain("Marketing: abgelehnt");
    expect(page).toContain("Statistik: erlaubt");
    expect(page).toContain('action="/apps/consent-vault/privacy"');
    expect(page).not.toContain('name="email"');
    for (const type of ["data_request", "correction", "customer_redact", "sale_opt_out"]) expect(page).toContain(`value="${type}"`);
    // Nothing a shopper sends can become Liquid: every brace in the fragment is markup the app wrote.
    expect(page).not.toMatch(/\{\{|\{%/);
  });

  it("given a data request, then it enters the pipeline with its source, deadline and audit entry, is carried out, and shows in the admin", async () => {
    const shop = "center-data-request.myshopify.com";
    await installShop(shop);
    startJobProcessing();

    const response = await ask({ shop, customerId: "8102" }, { type: "data_request" });

    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Your request was received: Send me a copy of my data.");
    const [stored] = await requestsOf(shop);
    expect(stored).toMatchObject({ type: "data_request", source: "storefront", subjectRef: subjectRef({ shop, customerId: "8102" }) });
    expect(stored!.dueAt.getTime() - stored!.receivedAt.getTime()).toBe(30 * 24 * 3600 * 1000);
    const audit = await db().auditEvent.findFirst({ where: { shop, action: "privacy.data_request.requested" } });
    expect(audit).toMatchObject({ actor: "storefront:customer", subjectRef: stored!.subjectRef });
    await expect.poll(async () => (await db().privacyRequest.findUniqueOrThrow({ where: { id: stored!.id } })).status, { timeout: 15_000 }).toBe("completed");

    const list = await respond(async () => listLoader({ request: await adminRequest("/app/requests", shop), params: {}, context: {} }));
    const listed = (await list.json()) as { requests: { id: string; type: string }[] };
    expect(listed.requests.map((request) => [request.id, request.type])).toEqual([[stored!.id, "data_request"]]);
    const detail = await respond(async () => detailLoader({ request: await adminRequest(`/app/requests/${stored!.id}`, shop), params: { id: stored!.id }, context: {} }));
    const { request } = (await detail.json()) as { request: { source: string; timeline: { kind: string }[] } };
    expect(request.source).toBe("storefront");
    expect(request.timeline.map((event) => event.kind)).toContain("requested_in_storefront");
  });

  it("given a deletion, then Shopify is asked to erase the customer (customerRequestDataErasure) before the app's own erasure runs", async () => {
    const shop = "center-deletion.myshopify.com";
    await installShop(shop);
    await deliverSync("CUSTOMERS_CREATE", shop, restCustomer(8201));
    startJobProcessing();
    await syncDeliveriesApplied(shop);
    server.answer({ body: adminApiFixture("customer-request-data-erasure") });

    expect((await ask({ shop, customerId: "8201" }, { type: "customer_redact" })).status).toBe(200);

    const [stored] = await requestsOf(shop);
    await expect.poll(async () => (await db().privacyRequest.findUniqueOrThrow({ where: { id: stored!.id } })).status, { timeout: 15_000 }).toBe("completed");
    const mutation = server.requests.find((request) => request.body.includes("customerRequestDataErasure"));
    expect(JSON.parse(mutation!.body).variables).toEqual({ customerId: "gid://shopify/Customer/8201" });
    expect(await db().customer.count({ where: { shop, customerId: "8201" } })).toBe(0);
    const kinds = (await db().privacyRequestEvent.findMany({ where: { requestId: stored!.id }, orderBy: { at: "asc" } })).map((event) => event.kind);
    expect(kinds.indexOf("shopify_erasure_requested")).toBeGreaterThan(-1);
    expect(kinds.indexOf("shopify_erasure_requested")).toBeLessThan(kinds.indexOf("erased"));
    expect(kinds.filter((kind) => kind === "started")).toHaveLength(1);
  });

  it("given Shopify refusing the erasure request, then the job fails for a retry and the app's own erasure is not queued yet", async () => {
    const shop = "center-deletion-refused.myshopify.com";
    await installShop(shop);
    expect((await ask({ shop, customerId: "8202" }, { type: "customer_redact" })).status).toBe(200);
    const [stored] = await requestsOf(shop);
    server.answer({ body: adminApiFixture("customer-request-data-erasure-failed") });

    await expect(runJobHandler(requestShopifyErasureJob, { shop, requestId: stored!.id }, { attempt: 1, maxAttempts: 10 })).rejects.toThrow(/customerRequestDataErasure was refused/);

    expect(await db().outboxMessage.count({ where: { shop, job: "privacy.process-request" } })).toBe(0);
    expect(await db().privacyRequestEvent.count({ where: { requestId: stored!.id, kind: "shopify_erasure_requested" } })).toBe(0);
  });

  it("given a correction, then it waits on hold with what the merchant must do, and resuming it records it as done", async () => {
    const shop = "center-correction.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    expect((await ask({ shop, customerId: "8301" }, { type: "correction" })).status).toBe(200);
    const [stored] = await requestsOf(shop);
    expect(stored).toMatchObject({ status: "on_hold", type: "correction" });
    expect(stored!.lastError).toMatch(/correct it in Shopify/);

    await respond(async () => detailAction({ request: await adminRequest(`/app/requests/${stored!.id}`, shop, { form: { intent: "resume" } }), params: { id: stored!.id }, context: {} }));

    await expect.poll(async () => (await db().privacyRequest.findUniqueOrThrow({ where: { id: stored!.id } })).status, { timeout: 15_000 }).toBe("completed");
    expect(await db().customer.count({ where: { shop } })).toBe(0);
  });

  it("given a form the center did not serve to this customer (another site posting into their session, or another customer's form), then 403 and nothing is stored", async () => {
    const shop = "center-forged-form.myshopify.com";
    const otherCustomersForm = await servedFormToken({ shop, customerId: "8402" });
    const guestsForm = await servedFormToken({ shop });

    for (const form of [otherCustomersForm, guestsForm, "1700000000.forged", ""]) {
      expect((await postCenter({ shop, customerId: "8401" }, { intent: "request", form, type: "customer_redact" })).status).toBe(403);
    }
    expect(await requestsOf(shop)).toEqual([]);
  });

  it("given a request whose signature is wrong or whose customer id was changed after signing, then 400 and nothing is stored", async () => {
    const shop = "center-bad-signature.myshopify.com";
    const form = await servedFormToken({ shop, customerId: "8501" });
    const forged = await postCenter({ shop, customerId: "8501", secret: "not-the-app-secret" }, { intent: "request", form, type: "customer_redact" });
    const tampered = new Request(centerUrl({ shop, customerId: "8501" }).replace("logged_in_customer_id=8501", "logged_in_customer_id=8502"), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "request", form, type: "customer_redact" }),
    });
    expect(forged.status).toBe(400);
    expect((await respond(() => action({ request: tampered, params: {}, context: {} }))).status).toBe(400);
    expect((await openCenter({ shop, secret: "not-the-app-secret" })).status).toBe(400);
    expect(await requestsOf(shop)).toEqual([]);
  });

  it("given malformed input (unknown request type, extra field), then 400 and nothing is stored", async () => {
    const shop = "center-malformed.myshopify.com";
    const form = await servedFormToken({ shop, customerId: "8601" });
    expect((await postCenter({ shop, customerId: "8601" }, { intent: "request", form, type: "everything" })).status).toBe(400);
    expect((await postCenter({ shop, customerId: "8601" }, { intent: "request", form, type: "data_request", customerId: "1" })).status).toBe(400);
    expect(await requestsOf(shop)).toEqual([]);
  });
});

describe("a guest, by email confirmation", () => {
  it("given an email, when the guest opens the link and confirms, then the request enters the pipeline identified by that email", async () => {
    const shop = "center-guest.myshopify.com";
    const email = "guest.one@mail.example.com";

    const sent = await ask({ shop }, { type: "data_request", email, lang: "en" });

    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain("a confirmation link is on its way");
    expect(await requestsOf(shop)).toEqual([]);
    const text = mailText(mailsTo(email).at(-1)!.raw);
    expect(text).toContain(`https://${shop}/apps/consent-vault/privacy?confirm=`);
    const token = confirmationToken(email);

    // Opening the link only asks to confirm (a mail scanner following it confirms nothing).
    const confirmPage = await openCenter({ shop, query: [["confirm", token]] });
    expect(confirmPage.status).toBe(200);
    expect(await confirmPage.text()).toContain('name="token"');
    expect(await requestsOf(shop)).toEqual([]);

    const confirmed = await postCenter({ shop }, { intent: "confirm", token });
    expect(confirmed.status).toBe(200);
    const [stored, ...others] = await requestsOf(shop);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({ type: "data_request", source: "storefront", customerId: null });
    expect(stored!.subjectSealed).toMatch(/^s2\./);
    expect(JSON.stringify(stored)).not.toContain(email);
    const link = await db().storefrontLink.findFirstOrThrow({ where: { shop } });
    expect(link.usedAt).not.toBeNull();
    expect(link.sealedClaim).toBeNull();
  });

  it("given a used link, when it is confirmed again, then 410 and no second request", async () => {
    const shop = "center-reused.myshopify.com";
    const email = "guest.reuse@mail.example.com";
    await ask({ shop }, { type: "customer_redact", email });
    const token = confirmationToken(email);
    expect((await postCenter({ shop }, { intent: "confirm", token })).status).toBe(200);

    const again = await postCenter({ shop }, { intent: "confirm", token });
    expect(again.status).toBe(410);
    expect((await openCenter({ shop, query: [["confirm", token]] })).status).toBe(410);
    expect(await requestsOf(shop)).toHaveLength(1);
  });

  it("given an expired link, then 410 and nothing is requested", async () => {
    const shop = "center-expired.myshopify.com";
    const email = "guest.late@mail.example.com";
    await ask({ shop }, { type: "data_request", email });
    const token = confirmationToken(email);
    // An hour and a bit later.
    await db().storefrontLink.updateMany({ where: { shop }, data: { expiresAt: new Date(Date.now() - 1_000) } });

    expect((await openCenter({ shop, query: [["confirm", token]] })).status).toBe(410);
    expect((await postCenter({ shop }, { intent: "confirm", token })).status).toBe(410);
    expect(await requestsOf(shop)).toEqual([]);
  });

  it("given a forged link (changed MAC, guessed id, another shop's link), then 404 and nothing is requested", async () => {
    const shop = "center-forged.myshopify.com";
    const email = "guest.forged@mail.example.com";
    await ask({ shop }, { type: "customer_redact", email });
    const token = confirmationToken(email);
    const [id, mac] = token.split(".") as [string, string];
    const forgeries = [`${id}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`, `${"A".repeat(32)}.${mac}`, "not-a-token"];

    for (const forged of forgeries) {
      expect((await postCenter({ shop }, { intent: "confirm", token: forged })).status).toBe(404);
      expect((await openCenter({ shop, query: [["confirm", forged]] })).status).toBe(404);
    }
    expect((await postCenter({ shop: "center-forged-other.myshopify.com" }, { intent: "confirm", token })).status).toBe(404);
    expect(await db().privacyRequest.count({ where: { shop: { in: [shop, "center-forged-other.myshopify.com"] } } })).toBe(0);
    // The genuine link still works for its own shop.
    expect((await postCenter({ shop }, { intent: "confirm", token })).status).toBe(200);
  });

  it("given an email the shop knows and one it does not, then the answers are the same and both addresses get a link", async () => {
    const shop = "center-enumeration.myshopify.com";
    await installShop(shop);
    await deliverSync("CUSTOMERS_CREATE", shop, restCustomer(8701));
    startJobProcessing();
    await syncDeliveriesApplied(shop);
    const known = restCustomer(8701).email;
    const unknown = "nobody.here@mail.example.com";

    const forKnown = await ask({ shop }, { type: "customer_redact", email: known });
    const forUnknown = await ask({ shop }, { type: "customer_redact", email: unknown });

    expect(forUnknown.status).toBe(forKnown.status);
    const withoutFormToken = (page: string) => page.replace(/name="form" value="[^"]+"/, "");
    expect(withoutFormToken(await forUnknown.text())).toBe(withoutFormToken(await forKnown.text()));
    expect(mailsTo(known)).toHaveLength(1);
    expect(mailsTo(unknown)).toHaveLength(1);
  });

  it("given more requests for one address than the hourly limit, then 429 and no more mail to it", async () => {
    const shop = "center-limited.myshopify.com";
    const email = "guest.flood@mail.example.com";
    const statuses: number[] = [];
    for (let index = 0; index <= CENTER_LIMITS.perEmail; index++) statuses.push((await ask({ shop }, { type: "data_request", email })).status);

    expect(statuses).toEqual([...Array<number>(CENTER_LIMITS.perEmail).fill(200), 429]);
    expect(mailsTo(email)).toHaveLength(CENTER_LIMITS.perEmail);
  });

  it("given a guest request without an email or with a malformed one, then 400 and no mail", async () => {
    const shop = "center-no-email.myshopify.com";
    const before = smtp.received.length;
    expect((await ask({ shop }, { type: "data_request" })).status).toBe(400);
    expect((await ask({ shop }, { type: "data_request", email: "not-an-address" })).status).toBe(400);
    expect(smtp.received.length).toBe(before);
  });

  it("given the guest's language, then the page and the email are in it", async () => {
    const shop = "center-language.myshopify.com";
    const email = "gast@mail.example.com";
    const response = await ask({ shop, query: [["lang", "de"]] }, { type: "data_request", email, lang: "de" });
    expect(await response.text()).toContain("Bestätigungslink");
    expect(mailText(mailsTo(email).at(-1)!.raw)).toContain("Zur Bestätigung");
    expect(mailsTo(email).at(-1)!.raw).toMatch(/Subject: =\?UTF-8\?|Subject: Best/);
  });
});

describe("delivering an export to its customer (Send to customer)", () => {
  async function readyExport(shop: string, customerId: string) {
    await installShop(shop);
    await deliverSync("CUSTOMERS_CREATE", shop, restCustomer(Number(customerId)));
    startJobProcessing();
    await syncDeliveriesApplied(shop);
    await ask({ shop, customerId }, { type: "data_request" });
    const [stored] = await requestsOf(shop);
    await expect.poll(async () => (await db().privacyRequest.findUniqueOrThrow({ where: { id: stored!.id } })).status, { timeout: 15_000 }).toBe("completed");
    return stored!.id;
  }

  const sendToCustomer = (shop: string, id: string) =>
    respond(async () => detailAction({ request: await adminRequest(`/app/requests/${id}`, shop, { form: { intent: "sendToCustomer" } }), params: { id }, context: {} }));

  it("given a ready export, then staff get a single-use link that opens only for the customer it is about, who downloads once; every step is audited", async () => {
    const shop = "center-delivery.myshopify.com";
    const id = await readyExport(shop, "8801");

    const sent = await sendToCustomer(shop, id);
    expect(sent.status).toBe(200);
    const { deliveryLink } = (await sent.json()) as { deliveryLink: string };
    expect(deliveryLink).toMatch(new RegExp(`^https://${shop}/apps/consent-vault/privacy\\?download=`));
    const token = new URL(deliveryLink).searchParams.get("download")!;
    expect(JSON.parse((await db().privacyRequest.findUniqueOrThrow({ where: { id } })).result!).deliveredAt).toBeDefined();

    expect((await openCenter({ shop, query: [["download", token]] })).status).toBe(401);
    expect((await openCenter({ shop, customerId: "8802", query: [["download", token]] })).status).toBe(403);
    expect((await postCenter({ shop, customerId: "8802" }, { intent: "download", token, format: "json" })).status).toBe(403);
    const page = await openCenter({ shop, customerId: "8801", query: [["download", token]] });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="csv"');

    const download = await postCenter({ shop, customerId: "8801" }, { intent: "download", token, format: "json" });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/json");
    expect(download.headers.get("content-disposition")).toContain("attachment");
    expect(JSON.parse(await download.text())).toMatchObject({ schema: expect.any(String) });

    expect((await postCenter({ shop, customerId: "8801" }, { intent: "download", token, format: "csv" })).status).toBe(410);
    const actions = (await db().auditEvent.findMany({ where: { shop }, orderBy: { seq: "asc" } })).map((entry) => [entry.action, entry.actor.split(":")[0]]);
    expect(actions).toContainEqual(["privacy.export.delivery_link_created", "staff"]);
    expect(actions).toContainEqual(["privacy.export.downloaded", "storefront"]);
    const kinds = (await db().privacyRequestEvent.findMany({ where: { requestId: id } })).map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(["delivered", "customer_downloaded"]));
  });

  it("given a forged delivery link or another shop's, then 404 and nothing is downloaded", async () => {
    const shop = "center-delivery-forged.myshopify.com";
    const id = await readyExport(shop, "8901");
    const token = new URL(((await (await sendToCustomer(shop, id)).json()) as { deliveryLink: string }).deliveryLink).searchParams.get("download")!;
    const forged = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;

    expect((await postCenter({ shop, customerId: "8901" }, { intent: "download", token: forged, format: "json" })).status).toBe(404);
    expect((await postCenter({ shop: "center-delivery-other.myshopify.com", customerId: "8901" }, { intent: "download", token, format: "json" })).status).toBe(404);
    expect(await db().auditEvent.count({ where: { shop, action: "privacy.export.downloaded" } })).toBe(0);
  });

  it("given a request known only by an email (no customer account), then no link can be made: 409", async () => {
    const shop = "center-delivery-guest.myshopify.com";
    await installShop(shop);
    startJobProcessing();
    const email = "guest.delivery@mail.example.com";
    await ask({ shop }, { type: "data_request", email });
    await postCenter({ shop }, { intent: "confirm", token: confirmationToken(email) });
    const [stored] = await requestsOf(shop);
    await expect.poll(async () => (await db().privacyRequest.findUniqueOrThrow({ where: { id: stored!.id } })).status, { timeout: 15_000 }).toBe("completed");

    expect((await sendToCustomer(shop, stored!.id)).status).toBe(409);
    expect(await db().storefrontLink.count({ where: { shop, purpose: "deliver_export" } })).toBe(0);
  });
});
