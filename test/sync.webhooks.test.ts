// The webhook half of the customer sync, end to end: signed deliveries to the real route, the inbox,
// the outbox, real workers, the encrypted vault.
import { describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { customerDataHolders, deriveAppendedDeliveries } from "../app/composition.server";
import { eraseCustomerData } from "../app/privacy/erase-customer.server";
import { eraseShopData } from "../app/privacy/erase-shop.server";
import { log as appLog } from "../app/log.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { queues } from "../app/jobs/queues.server";
import { config } from "../app/config.server";
import { syncHolder } from "../app/sync/sync-holder.server";
import { vault } from "../app/vault/vault.server";
import { customerOrders } from "../app/vault/orders.server";
import { customerRedactPayload, deliver, requestReaching } from "./helpers/compliance";
import { allJobsDone, startJobProcessing } from "./helpers/jobs";
import { capturedLog, databaseMentions, redisMentions } from "./helpers/pii-scan";
import { deliverSync, vaultCustomer } from "./helpers/sync";
import { restCustomer, restOrder, restPersonalValues } from "../harness/shopify-rest-payloads";

const at = (iso: string) => ({ updated_at: iso });

describe("sync webhooks", () => {
  it("given customers/create, then the vault holds the customer encrypted and decrypts them, without the fields the shop does not sync", async () => {
    const shop = "sync-create.myshopify.com";
    startJobProcessing();

    const response = await deliverSync("customers/create", shop, restCustomer(101));

    expect(response.status).toBe(200);
    await allJobsDone();
    expect(await vaultCustomer(shop, 101)).toMatchObject({
      email: "wilhelmina.101@thistlewood.example",
      phone: "+447946000101",
      firstName: "Wilhelmina101",
      lastName: "Thistlewood",
      state: "enabled",
      // Address and note are off by default.
      defaultAddress: null,
      note: null,
      sourceUpdatedAt: new Date("2026-11-01T15:00:00Z"),
    });
    const delivery = await db().webhookDelivery.findFirstOrThrow({ where: { shop } });
    expect(delivery).toMatchObject({ topic: "CUSTOMERS_CREATE", sealedPayload: null, subjectRef: subjectRef({ shop, customerId: "101" }) });
    expect((await db().syncState.findUniqueOrThrow({ where: { shop } })).lastWebhookAt).toBeInstanceOf(Date);
  });

  it("given customers/update without marketing consent or purchase stats, then what the full sync stored for those stays", async () => {
    const shop = "sync-keeps-stats.myshopify.com";
    startJobProcessing();
    await db().customer.create({
      data: { shop, customerId: "102", sourceUpdatedAt: new Date("2026-01-01T00:00:00Z"), createdAt: new Date("2025-01-01T00:00:00Z"), ordersCount: 4, amountSpent: "88.00", emailMarketingState: "SUBSCRIBED" },
    });

    await deliverSync("customers/update", shop, restCustomer(102));

    await allJobsDone();
    expect(await vaultCustomer(shop, 102)).toMatchObject({ ordersCount: 4, amountSpent: "88.00", emailMarketingState: "SUBSCRIBED", firstName: "Wilhelmina102" });
  });

  it("given orders/create and orders/updated, then the order is stored minimised and the later version wins", async () => {
    const shop = "sync-orders.myshopify.com";
    startJobProcessing();

    await deliverSync("orders/create", shop, restOrder(9001, 103));
    await allJobsDone();
    await deliverSync("orders/updated", shop, restOrder(9001, 103, { financial_status: "refunded", updated_at: "2026-11-03T00:00:00Z" }));
    await allJobsDone();

    expect(await customerOrders({ db: db(), shop, customerId: "103" })).toEqual([
      {
        id: "9001",
        customerId: "103",
        processedAt: new Date("2026-11-02T09:00:00Z"),
        totalPrice: "59.90",
        currency: "EUR",
        financialStatus: "refunded",
        lineItems: [{ productId: "632910392", variantId: "808950810", quantity: 2, price: "29.95" }],
        sourceUpdatedAt: new Date("2026-11-03T00:00:00Z"),
      },
    ]);
    expect(await databaseMentions(["Engraved for Wilhelmina", "buyer.private", "Marigold Lane"])).toEqual([]);
  });

  it("given two updates delivered newest first, then the older one does not overwrite the newer", async () => {
    const shop = "sync-out-of-order.myshopify.com";
    startJobProcessing();

    await deliverSync("customers/update", shop, restCustomer(104, { first_name: "Newer", ...at("2026-11-05T12:00:00Z") }));
    await allJobsDone();
    await deliverSync("customers/update", shop, restCustomer(104, { first_name: "Older", ...at("2026-11-04T12:00:00Z") }));
    await allJobsDone();

    expect(await vaultCustomer(shop, 104)).toMatchObject({ firstName: "Newer", sourceUpdatedAt: new Date("2026-11-05T12:00:00Z") });
    expect(await db().webhookDelivery.count({ where: { shop, sealedPayload: null } })).toBe(2);
  });

  it("given the same delivery twice, then the second is acknowledged and changes nothing", async () => {
    const shop = "sync-duplicate.myshopify.com";

    const first = await deliverSync("customers/update", shop, restCustomer(105), { webhookId: "dup-1" });
    const second = await deliverSync("customers/update", shop, restCustomer(105, { first_name: "Changed" }), { webhookId: "dup-1" });

    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(1);
    await deriveAppendedDeliveries(db())();
    expect(await db().outboxMessage.count({ where: { shop } })).toBe(1);
  });

  it("given a bad signature, then 401 and nothing is stored", async () => {
    const shop = "sync-bad-hmac.myshopify.com";

    const response = await deliverSync("customers/create", shop, restCustomer(106), { hmac: "bm90IHRoZSBzaWduYXR1cmU=" });

    expect(response.status).toBe(401);
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(0);
    expect(await db().outboxMessage.count({ where: { shop } })).toBe(0);
  });

  it("given a payload that breaks the documented shape, then 422 names the field but not the value, and nothing is stored", async () => {
    const shop = "sync-malformed.myshopify.com";

    const response = await deliverSync("customers/update", shop, restCustomer(107, { updated_at: "yesterday at wilhelmina.107@thistlewood.example" }));

    expect(response.status).toBe(422);
    const { error } = (await response.json()) as { error: string };
    expect(error).toContain("updated_at");
    expect(error).not.toContain("wilhelmina");
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(0);
    expect(await db().outboxMessage.count({ where: { shop } })).toBe(0);
  });

  it("given customers/delete, then the customer and their orders leave the vault", async () => {
    const shop = "sync-delete.myshopify.com";
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(108));
    await deliverSync("orders/create", shop, restOrder(9008, 108));
    await allJobsDone();

    await deliverSync("customers/delete", shop, { id: 108, tax_exemptions: [], admin_graphql_api_id: "gid://shopify/Customer/108" });
    await allJobsDone();

    expect(await vaultCustomer(shop, 108)).toBeNull();
    expect(await db().order.count({ where: { shop } })).toBe(0);
    expect(await db().vaultCustomerKey.count({ where: { shop } })).toBe(0);
  });

  it("given a customer erased by customers/redact, then a later customers/update or order does not bring them back", async () => {
    const shop = "sync-tombstone.myshopify.com";
    startJobProcessing();
    await deliverSync("customers/create", shop, restCustomer(109));
    await allJobsDone();
    await deliver("customers/redact", shop, customerRedactPayload(shop, 109));
    await requestReaching(shop, "customer_redact", "completed");

    await deliverSync("customers/update", shop, restCustomer(109, at("2026-12-01T00:00:00Z")));
    await deliverSync("orders/create", shop, restOrder(9009, 109));
    await allJobsDone();

    expect(await vaultCustomer(shop, 109)).toBeNull();
    expect(await db().order.count({ where: { shop } })).toBe(0);
    expect(await db().webhookDelivery.count({ where: { shop, sealedPayload: { not: null } } })).toBe(0);
    expect(await databaseMentions(restPersonalValues(109))).toEqual([]);
  });

  it("given a delivery not yet applied, when its customer is erased, then the sealed payload goes with them and the job applies nothing", async () => {
    const shop = "sync-pending-erased.myshopify.com";
    await deliverSync("customers/update", shop, restCustomer(110));
    const pending = await db().webhookDelivery.findFirstOrThrow({ where: { shop } });
    expect(pending.sealedPayload).not.toBeNull();

    const { erased } = await eraseCustomerData({
      db: db(),
      holders: customerDataHolders({ queues: queues(), redisPrefix: config().REDIS_PREFIX, vault: vault() }),
      subject: { shop, customerId: "110", subjectRef: subjectRef({ shop, customerId: "110" }), orderIds: [] },
      triggerId: "test-erasure-110",
    });
    startJobProcessing();
    await allJobsDone();

    expect(erased["sync.pendingPayloads"]).toBe(1);
    expect((await db().webhookDelivery.findUniqueOrThrow({ where: { id: pending.id } })).sealedPayload).toBeNull();
    expect(await vaultCustomer(shop, 110)).toBeNull();
  });

  it("given a delivery not yet applied, when the customer asks for their data, then the export holds it decrypted", async () => {
    const shop = "sync-pending-export.myshopify.com";
    await deliverSync("customers/update", shop, restCustomer(114));

    const exported = await syncHolder.exportCustomer!({ db: db(), subject: { shop, customerId: "114", subjectRef: subjectRef({ shop, customerId: "114" }), orderIds: [] } });

    expect(exported).toEqual({
      pendingWebhooks: [
        { topic: "CUSTOMERS_UPDATE", receivedAt: expect.any(Date), event: { kind: "customer", customer: expect.objectContaining({ email: "wilhelmina.114@thistlewood.example", note: null }) } },
      ],
    });
  });

  it("given a shop with sync settings, state and a pending delivery, when the shop is erased, then all of it goes", async () => {
    const shop = "sync-shop-erased.myshopify.com";
    await deliverSync("customers/update", shop, restCustomer(113));
    await db().syncSettings.create({ data: { shop, syncNote: true } });
    await db().syncState.create({ data: { shop, status: "completed", customersSynced: 1 } });

    const holders = customerDataHolders({ queues: queues(), redisPrefix: config().REDIS_PREFIX, vault: vault() });
    await eraseShopData({ db: db(), holders, shop, triggerId: "test-shop-erasure", log: appLog });

    expect(await db().syncSettings.count({ where: { shop } })).toBe(0);
    expect(await db().syncState.count({ where: { shop } })).toBe(0);
    expect(await db().webhookDelivery.count({ where: { shop } })).toBe(0);
    const receipt = await db().redactionReceipt.findUniqueOrThrow({ where: { triggerId: "test-shop-erasure" } });
    expect(JSON.parse(receipt.erased)).toMatchObject({ "sync.pendingPayloads": 1, "sync.syncStates": 1, "sync.syncSettings": 1 });
  });

  it("given the same customer id at two shops, then each shop's webhook writes only its own row", async () => {
    const [a, b] = ["sync-tenant-a.myshopify.com", "sync-tenant-b.myshopify.com"];
    startJobProcessing();

    await deliverSync("customers/create", a, restCustomer(111, { first_name: "AtShopA" }));
    await deliverSync("customers/create", b, restCustomer(111, { first_name: "AtShopB", ...at("2026-10-01T00:00:00Z") }));
    await allJobsDone();
    await deliverSync("customers/update", a, restCustomer(111, { first_name: "StillA", ...at("2026-12-01T00:00:00Z") }));
    await allJobsDone();

    expect(await vaultCustomer(a, 111)).toMatchObject({ firstName: "StillA" });
    expect(await vaultCustomer(b, 111)).toMatchObject({ firstName: "AtShopB", sourceUpdatedAt: new Date("2026-10-01T00:00:00Z") });
  });

  it("given synced customers and orders, then no email, phone or name is in plaintext in the database, Redis or the logs", async () => {
    const shop = "sync-pii-scan.myshopify.com";
    const { log, mentions } = capturedLog();
    startJobProcessing({ log });

    await deliverSync("customers/create", shop, restCustomer(112, { note: "Leave parcels by the door" }));
    await deliverSync("orders/create", shop, restOrder(9012, 112));
    await allJobsDone();

    expect(await vaultCustomer(shop, 112)).toMatchObject({ email: "wilhelmina.112@thistlewood.example" });
    const needles = restPersonalValues(112);
    expect(await databaseMentions(needles)).toEqual([]);
    expect(await redisMentions(needles)).toEqual([]);
    expect(mentions(needles)).toEqual([]);
  });
});
