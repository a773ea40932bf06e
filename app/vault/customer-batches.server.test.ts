import { afterAll, describe, expect, it } from "vitest";
import { personalValues, sampleCustomer, testVault } from "../../harness/vault";
import { databaseMentions } from "../../test/helpers/pii-scan";
import { config } from "../config.server";
import { db } from "../db.server";
import { openCustomerBatchConnection, prepareCustomerBatch, storeCustomerBatch, writeCustomerBatch } from "./customer-batches.server";
import { findCustomerByEmail } from "./customer-lookup.server";
import { readCustomer, upsertCustomer } from "./customers.server";
import { customerOrders, upsertOrder } from "./orders.server";

const SYNCED = new Date("2026-11-01T00:00:00Z");
const LATER = new Date("2026-11-02T00:00:00Z");
const order = (id: string, customerId: string, sourceUpdatedAt = SYNCED, totalPrice = "10.00") => ({
  order: { id, customerId, totalPrice, currency: "EUR" },
  sourceUpdatedAt,
});
const connection = openCustomerBatchConnection(config().database);
afterAll(() => connection.close());

describe("writing a full sync's batch of customers through the driver", () => {
  it("given customers the vault has never seen, then they are stored encrypted in one go, readable and findable", async () => {
    const vault = testVault();
    const shop = "bulk-new.myshopify.com";
    const customers = ["1", "2", "3"].map((id) => ({ customer: sampleCustomer(id), sourceUpdatedAt: SYNCED, orders: [order(`${id}01`, id), order(`${id}02`, id)] }));

    const stored = await storeCustomerBatch({ connection, vault, shop, customers });

    expect([...stored].sort()).toEqual(["1", "2", "3"]);
    expect(await readCustomer({ db: db(), vault: testVault(), shop, customerId: "2" })).toMatchObject({
      email: sampleCustomer("2").email,
      firstName: "Zephyrine2",
      emailMarketingState: "SUBSCRIBED",
      emailMarketingUpdatedAt: sampleCustomer("2").emailMarketingUpdatedAt,
      sourceUpdatedAt: SYNCED,
      createdAt: sampleCustomer("2").createdAt,
      dataSaleOptOut: false,
      ordersCount: 3,
    });
    expect((await customerOrders({ db: db(), shop, customerId: "3" })).map((o) => [o.id, o.lineItems, o.sourceUpdatedAt])).toEqual([
      ["301", [], SYNCED],
      ["302", [], SYNCED],
    ]);
    expect((await findCustomerByEmail({ db: db(), vault: testVault(), shop, email: sampleCustomer("1").email! }))?.customerId).toBe("1");
    expect(await databaseMentions(customers.flatMap(({ customer }) => personalValues(customer)))).toEqual([]);
  });

  it("given stored customers and orders, then newer versions replace them, older ones do not, each consent under its own time, line items stay", async () => {
    const vault = testVault();
    const shop = "bulk-update.myshopify.com";
    await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer("10"), sourceUpdatedAt: SYNCED });
    // Stored newer than the batch's version, with an older email consent than the batch's.
    await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer("11", { firstName: "Newer", emailMarketingUpdatedAt: new Date("2024-01-01T00:00:00Z") }), sourceUpdatedAt: LATER });
    await upsertOrder({ db: db(), shop, order: { ...order("1001", "10").order, lineItems: [{ productId: "p1", variantId: null, quantity: 2, price: "5.00" }] }, sourceUpdatedAt: SYNCED });
    await upsertOrder({ db: db(), shop, ...order("1101", "11", LATER, "99.00") });

    const stored = await storeCustomerBatch({
      connection,
      vault,
      shop,
      customers: [
        { customer: sampleCustomer("10", { firstName: "Renamed", phone: null, emailMarketingState: "UNSUBSCRIBED", emailMarketingUpdatedAt: LATER }), sourceUpdatedAt: LATER, orders: [order("1001", "10", LATER, "12.00")] },
        { customer: sampleCustomer("11", { firstName: "Older", emailMarketingState: "UNSUBSCRIBED" }), sourceUpdatedAt: SYNCED, orders: [order("1101", "11", SYNCED, "1.00")] },
      ],
    });

    expect([...stored].sort()).toEqual(["10", "11"]);
    const renamed = await readCustomer({ db: db(), vault: testVault(), shop, customerId: "10" });
    expect(renamed).toMatchObject({ firstName: "Renamed", phone: null, sourceUpdatedAt: LATER, emailMarketingState: "UNSUBSCRIBED", emailMarketingUpdatedAt: LATER });
    const newer = await readCustomer({ db: db(), vault: testVault(), shop, customerId: "11" });
    // The customer's version is stale, its email consent is not.
    expect(newer).toMatchObject({ firstName: "Newer", sourceUpdatedAt: LATER, emailMarketingState: "UNSUBSCRIBED" });
    const [updated] = await customerOrders({ db: db(), shop, customerId: "10" });
    expect(updated).toMatchObject({ totalPrice: "12.00", sourceUpdatedAt: LATER, lineItems: [{ productId: "p1", variantId: null, quantity: 2, price: "5.00" }] });
    expect((await customerOrders({ db: db(), shop, customerId: "11" }))[0]).toMatchObject({ totalPrice: "99.00", sourceUpdatedAt: LATER });
    expect(await db().vaultCustomerKey.count({ where: { shop } })).toBe(2);
  });

  it("given the same customer id in two shops, then each shop's batch writes only its own rows and keys", async () => {
    const vault = testVault();
    const [shopA, shopB] = ["bulk-a.myshopify.com", "bulk-b.myshopify.com"];
    await storeCustomerBatch({ connection, vault, shop: shopA, customers: [{ customer: sampleCustomer("7", { firstName: "OfShopA" }), sourceUpdatedAt: SYNCED, orders: [order("701", "7")] }] });
    await storeCustomerBatch({ connection, vault, shop: shopB, customers: [{ customer: sampleCustomer("7", { firstName: "OfShopB" }), sourceUpdatedAt: LATER, orders: [order("701", "7", LATER, "70.00")] }] });

    expect((await readCustomer({ db: db(), vault: testVault(), shop: shopA, customerId: "7" }))?.firstName).toBe("OfShopA");
    expect((await readCustomer({ db: db(), vault: testVault(), shop: shopB, customerId: "7" }))?.firstName).toBe("OfShopB");
    expect((await customerOrders({ db: db(), shop: shopA, customerId: "7" }))[0]?.totalPrice).toBe("10.00");
    const keys = await db().vaultCustomerKey.findMany({ where: { customerId: "7" }, orderBy: { shop: "asc" } });
    expect(keys.map((key) => key.shop)).toEqual([shopA, shopB]);
    expect(keys[0]!.keyId).not.toBe(keys[1]!.keyId);
  });

  it("given a webhook made one of the batch's keys after the batch was prepared, then nothing of the batch is written and its customers are left to the caller", async () => {
    const vault = testVault();
    const shop = "bulk-raced.myshopify.com";
    const customers = ["30", "31"].map((id) => ({ customer: sampleCustomer(id), sourceUpdatedAt: SYNCED, orders: [order(`${id}01`, id)] }));
    const batch = await prepareCustomerBatch({ connection, vault, shop, customers });
    await upsertCustomer({ db: db(), vault: testVault(), shop, customer: sampleCustomer("31", { firstName: "FromWebhook" }), sourceUpdatedAt: LATER });

    const stored = await writeCustomerBatch({ connection, batch });

    expect([...stored]).toEqual([]);
    expect(await db().customer.count({ where: { shop } })).toBe(1);
    expect(await db().order.count({ where: { shop } })).toBe(0);
    expect((await readCustomer({ db: db(), vault: testVault(), shop, customerId: "31" }))?.firstName).toBe("FromWebhook");
    expect(await db().vaultCustomerKey.count({ where: { shop, customerId: "30" } })).toBe(0);
  });
});
