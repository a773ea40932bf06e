import { describe, expect, it } from "vitest";
import { sampleCustomer, testVault } from "../../harness/vault";
import { db } from "../db.server";
import { exportCustomer } from "./customer-export.server";
import { findCustomerByEmail, findCustomerByPhone } from "./customer-lookup.server";
import { readCustomer, upsertCustomer } from "./customers.server";
import { upsertOrder, type ShopifyOrder } from "./orders.server";

const A = "alpha.myshopify.com";
const B = "bravo.myshopify.com";
const t = (minute: number) => new Date(Date.UTC(2025, 4, 1, 12, minute));

function order(id: string, customerId: string | null, totalPrice = "10.00"): ShopifyOrder {
  return {
    id,
    customerId,
    processedAt: t(0),
    totalPrice,
    currency: "EUR",
    financialStatus: "paid",
    lineItems: [{ productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/2", quantity: 2, price: "5.00" }],
  };
}

describe("customer store", () => {
  it("given a synced customer, when it is read back, then every field round-trips", async () => {
    const vault = testVault();
    const customer = sampleCustomer("101");
    expect(await upsertCustomer({ db: db(), vault, shop: A, customer, sourceUpdatedAt: t(1) })).toEqual({ applied: true });

    const { id, ...fields } = customer;
    expect(await readCustomer({ db: db(), vault: testVault(), shop: A, customerId: id })).toEqual({
      ...fields,
      customerId: id,
      sourceUpdatedAt: t(1),
    });
  });

  it("given a customer without optional personal fields, then they read back as null", async () => {
    const vault = testVault();
    const customer = sampleCustomer("102", { phone: null, note: null, defaultAddress: null, lastName: null });
    await upsertCustomer({ db: db(), vault, shop: A, customer, sourceUpdatedAt: t(1) });

    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "102" })).toMatchObject({ phone: null, note: null, defaultAddress: null, lastName: null });
  });

  it("given a newer version is stored, when an older update arrives, then it is ignored and the newer data stays", async () => {
    const vault = testVault();
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("103", { firstName: "Newer" }), sourceUpdatedAt: t(5) });

    const stale = await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("103", { firstName: "Older" }), sourceUpdatedAt: t(4) });

    expect(stale).toEqual({ applied: false });
    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "103" })).toMatchObject({ firstName: "Newer", sourceUpdatedAt: t(5) });
  });

  it("given concurrent updates of one customer in random order, then the newest always wins", async () => {
    const vault = testVault();
    const minutes = [3, 9, 1, 7, 5, 8, 2];
    await Promise.all(minutes.map((minute) =>
      upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("104", { note: `v${minute}` }), sourceUpdatedAt: t(minute) }),
    ));

    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "104" })).toMatchObject({ note: "v9", sourceUpdatedAt: t(9) });
  });

  it("given a newer order is stored, when an older version arrives, then it is ignored", async () => {
    await upsertOrder({ db: db(), shop: A, order: order("9001", "105", "20.00"), sourceUpdatedAt: t(5) });

    expect(await upsertOrder({ db: db(), shop: A, order: order("9001", "105", "10.00"), sourceUpdatedAt: t(4) })).toEqual({ applied: false });
    expect(await upsertOrder({ db: db(), shop: A, order: order("9001", "105", "30.00"), sourceUpdatedAt: t(6) })).toEqual({ applied: true });
    expect((await db().order.findFirstOrThrow({ where: { shop: A, orderId: "9001" } })).totalPrice).toBe("30.00");
  });

  it("given line items with names and custom properties, then only product, variant, quantity and price are stored", async () => {
    const item = { productId: "p", variantId: "v", quantity: 1, price: "1.00", title: "Gift for Ann", properties: [{ name: "engraving", value: "Ann" }] };
    await upsertOrder({ db: db(), shop: A, order: { ...order("9002", null), lineItems: [item] }, sourceUpdatedAt: t(1) });

    const stored = await db().order.findFirstOrThrow({ where: { shop: A, orderId: "9002" } });
    expect(JSON.parse(stored.lineItems)).toEqual([{ productId: "p", variantId: "v", quantity: 1, price: "1.00" }]);
  });
});

describe("lookups by blind index", () => {
  it("given customers in two shops, when looked up by email or phone in any notation, then the right customer of that shop is found", async () => {
    const vault = testVault();
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("201", { email: "Ann@Example.com", phone: "+44 20 7946 0018" }), sourceUpdatedAt: t(1) });
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("202"), sourceUpdatedAt: t(1) });
    await upsertCustomer({ db: db(), vault, shop: B, customer: sampleCustomer("301", { email: "ann@example.com" }), sourceUpdatedAt: t(1) });

    expect((await findCustomerByEmail({ db: db(), vault, shop: A, email: " ANN@example.com" }))?.customerId).toBe("201");
    expect((await findCustomerByEmail({ db: db(), vault, shop: B, email: "ann@example.com" }))?.customerId).toBe("301");
    expect((await findCustomerByPhone({ db: db(), vault, shop: A, phone: "0044 20 7946 0018" }))?.customerId).toBe("201");
    expect((await findCustomerByPhone({ db: db(), vault, shop: A, phone: "020 7946 0018", defaultCallingCode: "44" }))?.customerId).toBe("201");
    expect(await findCustomerByPhone({ db: db(), vault, shop: B, phone: "+442079460018" })).toBeNull();
    expect(await findCustomerByEmail({ db: db(), vault, shop: A, email: "nobody@example.com" })).toBeNull();
  });

  it("given another customer shares the same blind index value, then the lookup discards that false positive", async () => {
    const vault = testVault();
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("401", { email: "first@example.com" }), sourceUpdatedAt: t(1) });
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("402", { email: "second@example.com" }), sourceUpdatedAt: t(1) });
    const target = await db().customer.findUniqueOrThrow({ where: { shop_customerId: { shop: A, customerId: "402" } } });
    // "401" sorts first, so without the re-check it would be returned.
    await db().customer.update({ where: { shop_customerId: { shop: A, customerId: "401" } }, data: { emailIndex: target.emailIndex } });

    expect((await findCustomerByEmail({ db: db(), vault, shop: A, email: "second@example.com" }))?.customerId).toBe("402");
  });
});

describe("tenant isolation", () => {
  it("given the same customer id in two shops, then every function of shop A sees only shop A's data", async () => {
    const vault = testVault();
    await upsertCustomer({ db: db(), vault, shop: A, customer: sampleCustomer("500", { firstName: "Alpha" }), sourceUpdatedAt: t(1) });
    await upsertCustomer({ db: db(), vault, shop: B, customer: sampleCustomer("500", { firstName: "Bravo" }), sourceUpdatedAt: t(1) });
    await upsertCustomer({ db: db(), vault, shop: B, customer: sampleCustomer("501", { email: "only-b@example.com" }), sourceUpdatedAt: t(1) });
    await upsertOrder({ db: db(), shop: B, order: order("7000", "500"), sourceUpdatedAt: t(1) });

    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "500" })).toMatchObject({ firstName: "Alpha" });
    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "501" })).toBeNull();
    expect(await findCustomerByEmail({ db: db(), vault, shop: A, email: "only-b@example.com" })).toBeNull();
    expect((await exportCustomer({ db: db(), vault, shop: A, customerId: "500" })).orders).toEqual([]);
  });
});

describe("export", () => {
  it("given a customer with orders, then the export holds the decrypted profile and every order of that customer", async () => {
    const vault = testVault();
    const customer = sampleCustomer("600");
    await upsertCustomer({ db: db(), vault, shop: A, customer, sourceUpdatedAt: t(1) });
    await upsertOrder({ db: db(), shop: A, order: order("8001", "600"), sourceUpdatedAt: t(2) });
    await upsertOrder({ db: db(), shop: A, order: order("8002", "600"), sourceUpdatedAt: t(2) });
    await upsertOrder({ db: db(), shop: A, order: order("8003", "601"), sourceUpdatedAt: t(2) });

    const exported = await exportCustomer({ db: db(), vault, shop: A, customerId: "600" });

    expect(exported.profile).toMatchObject({ email: customer.email, phone: customer.phone, defaultAddress: customer.defaultAddress });
    expect(exported.orders.map((o) => o.id)).toEqual(["8001", "8002"]);
    expect(exported.orders[0]).toMatchObject({ totalPrice: "10.00", lineItems: order("8001", "600").lineItems });
  });
});
