// Consent receipts through the real app-proxy route: every request is signed the way Shopify's proxy
// signs it, and the route's answer is checked together with what the database then holds.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import exportSchema from "../docs/schemas/customer-export.v1.json";
import { db } from "../app/db.server";
import { rateLimitKey } from "../app/consent/rate-limit.server";
import { RECEIPT_LIMITS } from "../app/consent/receive-receipt.server";
import { queues } from "../app/jobs/queues.server";
import { scanKeys } from "../app/jobs/redis.server";
import { openCustomerExport } from "../app/privacy/customer-export.server";
import { ipRef, shopRef, subjectRef } from "../app/privacy/privacy-keys.server";
import { recordUninstallation } from "../app/shops/installation.server";
import { newConsentId, proxyRequest, receiptBody, sendReceipt } from "./helpers/consent-receipts";
import { customerRedactPayload, dataRequestPayload, deliver, requestReaching, shopRedactPayload } from "./helpers/compliance";
import { allJobsDone, startJobProcessing } from "./helpers/jobs";

const receiptsOf = (shop: string) => db().consentReceipt.findMany({ where: { shop }, orderBy: { recordedAt: "asc" } });

describe("a correctly signed receipt", () => {
  it("given a guest's receipt sent as text/plain (sendBeacon), then 204 and it is stored without the customer, the address or the query", async () => {
    const shop = "receipt-guest.myshopify.com";
    const body = receiptBody({ path: "/account/register?email=shopper@mail.example.com#top" });

    const response = await sendReceipt(proxyRequest({ shop, body, ip: "203.0.113.7" }));

    expect(response.status).toBe(204);
    const [stored, ...others] = await receiptsOf(shop);
    expect(others).toEqual([]);
    expect(stored).toMatchObject({
      consentId: body.consentId,
      customerRef: null,
      analytics: true,
      marketing: false,
      preferences: true,
      saleOfData: true,
      region: "DEBE",
      revision: 3,
      language: "de-DE",
      declaredAt: new Date(body.timestamp),
      path: "/account/register",
    });
    expect(stored!.ipHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain("203.0.113");
  });

  it("given a logged-in customer's receipt sent as application/json, then it names the customer by the keyed reference of the signed id", async () => {
    const shop = "receipt-customer.myshopify.com";
    const response = await sendReceipt(proxyRequest({ shop, customerId: "7400", body: receiptBody(), contentType: "application/json" }));
    expect(response.status).toBe(204);
    const [stored] = await receiptsOf(shop);
    expect(stored!.customerRef).toBe(subjectRef({ shop, customerId: "7400" }));
    expect(JSON.stringify(stored)).not.toContain("7400");
  });

  it("given a logged-in customer's two choices in the same second, each with the banner's nonce in the query, then both are stored", async () => {
    const shop = "receipt-nonce.myshopify.com";
    const timestamp = Math.floor(Date.now() / 1000);
    const send = (nonce: string, marketing: boolean) =>
      sendReceipt(proxyRequest({ shop, customerId: "61", timestamp, storefrontQuery: [["n", nonce]], body: receiptBody({ choices: { analytics: true, marketing, preferences: true, saleOfData: true } }) }));
    expect([(await send("k3J9x", false)).status, (await send("Qm2pZ", true)).status]).toEqual([204, 204]);
    expect((await receiptsOf(shop)).map((receipt) => receipt.marketing).sort()).toEqual([false, true]);
  });

  it("given two guests loading the same page in the same second (one signature), then both receipts are stored", async () => {
    const shop = "receipt-same-second.myshopify.com";
    const timestamp = Math.floor(Date.now() / 1000);
    const first = await sendReceipt(proxyRequest({ shop, timestamp, body: receiptBody() }));
    const second = await sendReceipt(proxyRequest({ shop, timestamp, body: receiptBody() }));
    expect([first.status, second.status]).toEqual([204, 204]);
    expect(await receiptsOf(shop)).toHaveLength(2);
  });
});

describe("requests that must not be stored", () => {
  const refused: [string, (shop: string) => Request, number][] = [
    ["signed with another secret", (shop) => proxyRequest({ shop, body: receiptBody(), secret: "not-the-app-secret" }), 400],
    ["without a signature", (shop) => proxyRequest({ shop, body: receiptBody(), tamper: (query) => query.delete("signature") }), 400],
    ["signed 120 seconds ago", (shop) => proxyRequest({ shop, body: receiptBody(), timestamp: Math.floor(Date.now() / 1000) - 120 }), 400],
    ["signed 120 seconds in the future", (shop) => proxyRequest({ shop, body: receiptBody(), timestamp: Math.floor(Date.now() / 1000) + 120 }), 400],
    ["whose logged_in_customer_id was changed after signing", (shop) => proxyRequest({ shop, customerId: "1", body: receiptBody(), tamper: (query) => query.set("logged_in_customer_id", "2") }), 400],
    ["with a second logged_in_customer_id added after signing", (shop) => proxyRequest({ shop, body: receiptBody(), tamper: (query) => query.append("logged_in_customer_id", "2") }), 400],
    ["whose body is not JSON", (shop) => proxyRequest({ shop, body: "analytics=1&marketing=1" }), 400],
    ["whose body names a customer", (shop) => proxyRequest({ shop, body: receiptBody({ customerId: "2" }) }), 400],
    ["with a choice that is not a boolean", (shop) => proxyRequest({ shop, body: receiptBody({ choices: { analytics: "yes", marketing: false, preferences: false, saleOfData: true } }) }), 400],
    ["with a missing choice", (shop) => proxyRequest({ shop, body: receiptBody({ choices: { analytics: true, marketing: false, preferences: false } }) }), 400],
    ["with a 15-character consent id", (shop) => proxyRequest({ shop, body: receiptBody({ consentId: "a".repeat(15) }) }), 400],
    ["with a 65-character consent id", (shop) => proxyRequest({ shop, body: receiptBody({ consentId: "a".repeat(65) }) }), 400],
    ["with a consent id that is not URL-safe", (shop) => proxyRequest({ shop, body: receiptBody({ consentId: "abc/def+ghi=jklmnop" }) }), 400],
    ["with a 513-character path", (shop) => proxyRequest({ shop, body: receiptBody({ path: `/${"p".repeat(512)}` }) }), 400],
    ["with a 17-character region", (shop) => proxyRequest({ shop, body: receiptBody({ region: "R".repeat(17) }) }), 400],
    ["with a language that is not a BCP 47 tag", (shop) => proxyRequest({ shop, body: receiptBody({ language: "<script>" }) }), 400],
    ["with a negative revision", (shop) => proxyRequest({ shop, body: receiptBody({ revision: -1 }) }), 400],
    ["with a timestamp that is not ISO 8601", (shop) => proxyRequest({ shop, body: receiptBody({ timestamp: "yesterday" }) }), 400],
    ["larger than 2 KB", (shop) => proxyRequest({ shop, body: JSON.stringify(receiptBody()).padEnd(3_000, " ") }), 413],
  ];

  it.each(refused)("given a receipt %s, then it is refused and nothing is stored", async (_label, build, status) => {
    const shop = `refused-${Math.random().toString(36).slice(2)}.myshopify.com`;
    const response = await sendReceipt(build(shop));
    expect(response.status).toBe(status);
    expect(await db().consentReceipt.count({ where: { shop } })).toBe(0);
  });

  it("given a refused body, then the answer names the field but not its value", async () => {
    const response = await sendReceipt(proxyRequest({ shop: "refused-message.myshopify.com", body: receiptBody({ path: `/secret-${"x".repeat(600)}` }) }));
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(/^path: /);
    expect(error).not.toContain("secret");
  });

  it("given a logged-in customer's signed request, when it is sent again (even with another body), then 409 and only the first is stored", async () => {
    const shop = "receipt-replayed.myshopify.com";
    const original = proxyRequest({ shop, customerId: "51", body: receiptBody({ choices: { analytics: false, marketing: false, preferences: false, saleOfData: false } }) });
    const replayed = new Request(original.url, { method: "POST", headers: original.headers, body: JSON.stringify(receiptBody()) });
    const again = original.clone();

    expect((await sendReceipt(original)).status).toBe(204);
    expect((await sendReceipt(again)).status).toBe(409);
    expect((await sendReceipt(replayed)).status).toBe(409);
    const stored = await receiptsOf(shop);
    expect(stored.map((receipt) => receipt.marketing)).toEqual([false]);
  });

  it("given a guest's request, when it is sent again as it was, then 409 and it is stored once", async () => {
    const shop = "receipt-guest-replayed.myshopify.com";
    const original = proxyRequest({ shop, body: receiptBody() });
    const again = original.clone();
    expect((await sendReceipt(original)).status).toBe(204);
    expect((await sendReceipt(again)).status).toBe(409);
    expect(await receiptsOf(shop)).toHaveLength(1);
  });
});

describe("rate limits", () => {
  /** Sends receipts from one browser, each signed at its own second as a shopper clicking around would. */
  async function flood(shop: string, consentId: string, count: number) {
    const now = Math.floor(Date.now() / 1000);
    const answers: Response[] = [];
    for (let i = 0; i < count; i++) answers.push(await sendReceipt(proxyRequest({ shop, timestamp: now - i, body: receiptBody({ consentId }) })));
    return answers;
  }

  it("given one consent id sending more receipts than allowed, then those over the limit get 429 with Retry-After and are not stored", async () => {
    const shop = "flood-consent-id.myshopify.com";
    const { limit } = RECEIPT_LIMITS.perConsentId;
    // Twice the limit and one more: however the run falls across windows, one window is over.
    const answers = await flood(shop, newConsentId(), 2 * limit + 1);

    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(Number(limited[0]!.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(answers.every((answer) => [204, 429].includes(answer.status))).toBe(true);
    expect(await db().consentReceipt.count({ where: { shop } })).toBe(answers.length - limited.length);
  });

  it("given an address already at its limit, then its next receipt gets 429 and another address still gets through", async () => {
    const shop = "flood-address.myshopify.com";
    const { limit, windowMs } = RECEIPT_LIMITS.perAddress;
    const window = Math.floor(Date.now() / windowMs);
    for (const current of [window, window + 1]) {
      await queues().connection.set(rateLimitKey({ prefix: process.env.REDIS_PREFIX!, shop, name: "address", value: ipRef({ shop, ip: "198.51.100.23" }), window: current }), limit, "PX", 2 * windowMs);
    }

    expect((await sendReceipt(proxyRequest({ shop, ip: "198.51.100.23", body: receiptBody() }))).status).toBe(429);
    expect((await sendReceipt(proxyRequest({ shop, ip: "198.51.100.24", body: receiptBody() }))).status).toBe(204);
    expect(await db().consentReceipt.count({ where: { shop } })).toBe(1);
  });

  it("given counted receipts, then the counters live under the shop's Redis keys and name no address in clear", async () => {
    const shop = "flood-keys.myshopify.com";
    const consentId = newConsentId();
    await flood(shop, consentId, 2);
    const keys: string[] = [];
    for await (const page of scanKeys(queues().connection, `${process.env.REDIS_PREFIX}:*`)) keys.push(...page);
    const ours = keys.filter((key) => key.includes(consentId));
    expect(ours).toHaveLength(1);
    expect(keys.filter((key) => key.startsWith(`${process.env.REDIS_PREFIX}:shop:{${shop}}:rate:address:`))).toHaveLength(1);
    expect(ours[0]!.startsWith(`${process.env.REDIS_PREFIX}:shop:{${shop}}:rate:consent-id:`)).toBe(true);
    expect(keys.join("\n")).not.toContain("203.0.113");
  });
});

describe("receipts as personal data", () => {
  it("given a customer's receipts, when they ask for their data, then the export lists every receipt and no other customer's", async () => {
    const shop = "receipt-export.myshopify.com";
    startJobProcessing();
    const mine = receiptBody();
    await sendReceipt(proxyRequest({ shop, customerId: "42", body: mine }));
    await sendReceipt(proxyRequest({ shop, customerId: "43", body: receiptBody() }));
    await sendReceipt(proxyRequest({ shop, body: receiptBody() }));

    await deliver("customers/data_request", shop, dataRequestPayload(shop, 42));
    const request = await requestReaching(shop, "data_request", "completed");
    const json = JSON.parse((await openCustomerExport({ db: db(), shop, requestId: request.id, format: "json" }))!.toString());

    expect(json.data.consent.receipts).toEqual([
      expect.objectContaining({ consentId: mine.consentId, choices: mine.choices, region: "DEBE", revision: 3, language: "de-DE", path: mine.path }),
    ]);
    expect(json.sources["data.consent.receipts"]).toEqual(["storefront_consent_banner"]);
    const ajv = new Ajv2020({ allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(exportSchema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it("given a customer's receipts, when the customer is erased, then theirs are deleted and the others stay", async () => {
    const shop = "receipt-erase.myshopify.com";
    startJobProcessing();
    await sendReceipt(proxyRequest({ shop, customerId: "5", body: receiptBody() }));
    await sendReceipt(proxyRequest({ shop, customerId: "6", body: receiptBody() }));
    await sendReceipt(proxyRequest({ shop, body: receiptBody() }));

    await deliver("customers/redact", shop, customerRedactPayload(shop, 5));
    await requestReaching(shop, "customer_redact", "completed");

    const left = await receiptsOf(shop);
    expect(left).toHaveLength(2);
    expect(left.map((receipt) => receipt.customerRef)).toEqual(expect.arrayContaining([subjectRef({ shop, customerId: "6" }), null]));
    const proof = await db().redactionReceipt.findFirstOrThrow({ where: { shopRef: shopRef(shop), scope: "customer" } });
    expect(JSON.parse(proof.erased)).toMatchObject({ "consent.receipts": 1 });
  });

  it("given receipts of two shops, when one shop is erased, then all of its receipts go and the other shop's stay", async () => {
    const shop = "receipt-shop-erase.myshopify.com";
    const neighbour = "receipt-neighbour.myshopify.com";
    startJobProcessing();
    await sendReceipt(proxyRequest({ shop, customerId: "5", body: receiptBody() }));
    await sendReceipt(proxyRequest({ shop, body: receiptBody() }));
    await sendReceipt(proxyRequest({ shop: neighbour, body: receiptBody() }));

    await recordUninstallation({ db: db(), shop });
    await deliver("shop/redact", shop, shopRedactPayload(shop));
    await expect.poll(() => db().redactionReceipt.count({ where: { shopRef: shopRef(shop), scope: "shop" } }), { timeout: 15_000 }).toBe(1);
    await allJobsDone();

    expect(await db().consentReceipt.count({ where: { shop } })).toBe(0);
    for await (const left of scanKeys(queues().connection, `${process.env.REDIS_PREFIX}:shop:{${shop}}:*`)) expect(left).toEqual([]);
    expect(await db().consentReceipt.count({ where: { shop: neighbour } })).toBe(1);
  });
});
