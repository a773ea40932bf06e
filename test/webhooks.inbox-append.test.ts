// The lean acknowledgement: the compliance route appends one inbox row and answers; the relay derives
// the request, its timeline and its job from the row, exactly once, even when relays race.
import { describe, expect, it } from "vitest";
import { DELIVERY_DERIVERS } from "../app/composition.server";
import { db } from "../app/db.server";
import { action } from "../app/routes/webhooks.compliance";
import { derivePendingDeliveries } from "../app/webhooks/derive-deliveries.server";
import { inboxAppender } from "../app/webhooks/inbox-appender.server";
import { customerRedactPayload } from "./helpers/compliance";
import { databaseMentions } from "./helpers/pii-scan";
import { respond, webhookRequest } from "./helpers/shopify";

const post = (shop: string, customerId: number, webhookId: string) =>
  respond(() => action({ request: webhookRequest({ path: "/webhooks/compliance", topic: "customers/redact", shop, body: customerRedactPayload(shop, customerId), webhookId }), params: {}, context: {} }));

const rowsOf = async (shop: string) => ({
  deliveries: await db().webhookDelivery.count({ where: { shop } }),
  pending: await db().webhookDelivery.count({ where: { shop, pendingEffects: true } }),
  requests: await db().privacyRequest.count({ where: { shop } }),
  outbox: await db().outboxMessage.count({ where: { shop } }),
});

const derive = () => derivePendingDeliveries({ db: db(), derivers: DELIVERY_DERIVERS });

describe("compliance webhooks acknowledged by one inbox append", () => {
  it("given a delivery, when the route answers, then only the sealed inbox row exists, and the relay derives request and job from it", async () => {
    const shop = "append-only.myshopify.com";
    expect((await post(shop, 4242, "append-1")).status).toBe(200);
    expect(await rowsOf(shop)).toEqual({ deliveries: 1, pending: 1, requests: 0, outbox: 0 });
    // The record is sealed: the customer's email and phone are not in the row in clear.
    expect(await databaseMentions(["customer4242@mail.example.com", "+16135554242"])).toEqual([]);

    await derive();
    expect(await rowsOf(shop)).toEqual({ deliveries: 1, pending: 0, requests: 1, outbox: 1 });
    const request = await db().privacyRequest.findFirstOrThrow({ where: { shop } });
    expect(request).toMatchObject({ type: "customer_redact", status: "received", customerId: "4242", deliveryId: "append-1" });
    const delivery = await db().webhookDelivery.findUniqueOrThrow({ where: { id: "append-1" } });
    expect(delivery.sealedPayload).toBeNull();
    expect(request.receivedAt).toEqual(delivery.receivedAt);
  });

  it("given two relays deriving at once, then each delivery causes exactly one request and one job", async () => {
    const shop = "racing-relays.myshopify.com";
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post(shop, 100 + i, `race-${i}`)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(200));
    const [first, second] = await Promise.all([derive(), derive()]);
    expect(first.queued.length + second.queued.length).toBe(12);
    expect(await rowsOf(shop)).toEqual({ deliveries: 12, pending: 0, requests: 12, outbox: 12 });
  });

  it("given concurrent appends with repeated delivery ids (one commit), then each id is accepted once and the rest are duplicates", async () => {
    const shop = "group-commit.myshopify.com";
    const row = (id: string) => ({ id, shop, topic: "CUSTOMERS_REDACT", triggeredAt: null, receivedAt: new Date(), sealedPayload: null, subjectRef: null });
    const outcomes = await Promise.all(["gc-1", "gc-2", "gc-1", "gc-3", "gc-2"].map((id) => inboxAppender().append(row(id))));
    expect(outcomes).toEqual(["accepted", "accepted", "duplicate", "accepted", "duplicate"]);
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(3);
  });

  it("given deliveries of two shops, then each shop's request is derived under its own shop only", async () => {
    await post("shop-a-inbox.myshopify.com", 7, "iso-a");
    await post("shop-b-inbox.myshopify.com", 7, "iso-b");
    await derive();
    const requests = await db().privacyRequest.findMany({ where: { deliveryId: { in: ["iso-a", "iso-b"] } }, orderBy: { deliveryId: "asc" } });
    expect(requests.map((request) => [request.deliveryId, request.shop])).toEqual([
      ["iso-a", "shop-a-inbox.myshopify.com"],
      ["iso-b", "shop-b-inbox.myshopify.com"],
    ]);
    expect(requests[0]!.subjectRef).not.toBe(requests[1]!.subjectRef);
  });
});
