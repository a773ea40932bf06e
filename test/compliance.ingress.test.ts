import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { customerRedactPayload, dataRequestPayload, deliver, shopRedactPayload } from "./helpers/compliance";

const SHOP = "ingress.myshopify.com";

async function storedRows(shop: string) {
  const [deliveries, requests, outbox] = await Promise.all([
    db().webhookDelivery.count({ where: { shop } }),
    db().privacyRequest.count({ where: { shop } }),
    db().outboxMessage.count({ where: { shop } }),
  ]);
  return { deliveries, requests, outbox };
}

describe("compliance webhook ingress", () => {
  it("given a correctly signed customers/data_request, then it answers 200 and stores delivery, request and outbox row together", async () => {
    const response = await deliver("customers/data_request", SHOP, dataRequestPayload(SHOP, 191167, [299938, 280263]), { webhookId: "wh-1" });
    expect(response.status).toBe(200);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop: SHOP } });
    expect(request).toMatchObject({ type: "data_request", status: "received", customerId: "191167", deliveryId: "wh-1", orderIds: '["299938","280263"]', shopifyDataRequestId: "9999" });
    expect(request.dueAt.getTime() - request.receivedAt.getTime()).toBe(30 * 24 * 3600 * 1000);
    // With a customer id the email and phone are not kept at all.
    expect(request.subjectSealed).toBeNull();
    expect(await storedRows(SHOP)).toEqual({ deliveries: 1, requests: 1, outbox: 1 });
  });

  it("given the same delivery twice, then both are acknowledged and only one request exists", async () => {
    const shop = "twice-compliance.myshopify.com";
    const first = await deliver("customers/redact", shop, customerRedactPayload(shop, 5), { webhookId: "dup-1" });
    const second = await deliver("customers/redact", shop, customerRedactPayload(shop, 5), { webhookId: "dup-1" });
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await storedRows(shop)).toEqual({ deliveries: 1, requests: 1, outbox: 1 });
  });

  it("given a bad HMAC, then 401 and nothing is stored", async () => {
    const shop = "forged-compliance.myshopify.com";
    const response = await deliver("shop/redact", shop, shopRedactPayload(shop), { hmac: "c2lnbmF0dXJlIGZyb20gc29tZWJvZHkgZWxzZQ==" });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "invalid HMAC signature" });
    expect(await storedRows(shop)).toEqual({ deliveries: 0, requests: 0, outbox: 0 });
  });

  it("given a correctly signed body that is not JSON, then 400 with the reason and nothing is stored", async () => {
    const shop = "garbled.myshopify.com";
    const response = await deliver("shop/redact", shop, "{not json");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "the body is not valid JSON" });
    expect(await storedRows(shop)).toEqual({ deliveries: 0, requests: 0, outbox: 0 });
  });

  it("given a missing topic header, then 400 and nothing is stored", async () => {
    const shop = "no-topic.myshopify.com";
    const response = await deliver("shop/redact", shop, shopRedactPayload(shop), { omitHeaders: ["X-Shopify-Topic"] });
    expect(response.status).toBe(400);
    expect(await storedRows(shop)).toEqual({ deliveries: 0, requests: 0, outbox: 0 });
  });

  it("given a payload that does not match the documented shape, then 422 naming the field and nothing is stored", async () => {
    const shop = "misshapen.myshopify.com";
    const response = await deliver("customers/redact", shop, { shop_domain: shop, customer: { id: "abc" }, orders_to_redact: "all" });
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error).toMatch(/shop_id/);
    expect(error).toMatch(/customer\.id/);
    expect(error).toMatch(/orders_to_redact/);
    expect(await storedRows(shop)).toEqual({ deliveries: 0, requests: 0, outbox: 0 });
  });

  it("given a payload for another shop than the signed header says, then 422 and nothing is stored", async () => {
    const response = await deliver("shop/redact", "header-shop.myshopify.com", shopRedactPayload("other-shop.myshopify.com"));
    expect(response.status).toBe(422);
    expect(await storedRows("header-shop.myshopify.com")).toEqual({ deliveries: 0, requests: 0, outbox: 0 });
  });

  it("given a customer known only by email, then the request is accepted and the email is kept sealed, not in clear", async () => {
    const shop = "email-only.myshopify.com";
    const response = await deliver("customers/redact", shop, { shop_id: 1, shop_domain: shop, customer: { email: "only.email@mail.example.com" }, orders_to_redact: [] });
    expect(response.status).toBe(200);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    expect(request.customerId).toBeNull();
    expect(request.subjectSealed).toMatch(/^s2\.1\./);
    expect(JSON.stringify(request)).not.toContain("only.email");
  });

  it("given a customer with no id, email or phone, then the request is kept on hold for the merchant, not dropped", async () => {
    const shop = "nobody.myshopify.com";
    const response = await deliver("customers/redact", shop, { shop_id: 1, shop_domain: shop, customer: {}, orders_to_redact: [] });
    expect(response.status).toBe(200);
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    expect(request).toMatchObject({ status: "on_hold", lastError: expect.stringContaining("names no customer") });
    expect(await storedRows(shop)).toEqual({ deliveries: 1, requests: 1, outbox: 0 });
  });
});
