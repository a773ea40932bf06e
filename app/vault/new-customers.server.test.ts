import { describe, expect, it } from "vitest";
import { personalValues, sampleCustomer, testVault } from "../../harness/vault";
import { databaseMentions } from "../../test/helpers/pii-scan";
import { db } from "../db.server";
import { findCustomerByEmail } from "./customer-lookup.server";
import { readCustomer, upsertCustomer } from "./customers.server";
import { insertNewCustomers } from "./new-customers.server";
import { customerOrders, upsertOrder } from "./orders.server";

const SYNCED = new Date("2026-11-01T00:00:00Z");
const order = (id: string, customerId: string) => ({ order: { id, customerId, totalPrice: "10.00", currency: "EUR" }, sourceUpdatedAt: SYNCED });

describe("inserting customers new to the vault", () => {
  it("given customers the vault has never seen, then they are stored encrypted in one go, readable and findable", async () => {
    const vault = testVault();
    const shop = "bulk-new.myshopify.com";
    const customers = ["1", "2", "3"].map((id) => ({ customer: sampleCustomer(id), sourceUpdatedAt: SYNCED, orders: [order(`${id}01`, id), order(`${id}02`, id)] }));

    const inserted = await insertNewCustomers({ db: db(), vault, shop, customers });

    expect([...inserted].sort()).toEqual(["1", "2", "3"]);
    expect(await readCustomer({ db: db(), vault, shop, customerId: "2" })).toMatchObject({ email: sampleCustomer("2").email, firstName: "Zephyrine2" });
    expect((await customerOrders({ db: db(), shop, customerId: "3" })).map((o) => o.id)).toEqual(["301", "302"]);
    expect((await findCustomerByEmail({ db: db(), vault: testVault(), shop, email: sampleCustomer("1").email! }))?.customerId).toBe("1");
    expect(await databaseMentions(customers.flatMap(({ customer }) => personalValues(customer)))).toEqual([]);
  });

  it("given a batch with a stored customer and an order already stored, then only the wholly new ones are inserted and the rest left to the caller", async () => {
    const vault = testVault();
    const shop = "bulk-mixed.myshopify.com";
    await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer("10"), sourceUpdatedAt: SYNCED });
    await upsertOrder({ db: db(), shop, ...order("2101", "21") });

    const inserted = await insertNewCustomers({
      db: db(),
      vault,
      shop,
      customers: [
        { customer: sampleCustomer("10"), sourceUpdatedAt: SYNCED, orders: [] },
        { customer: sampleCustomer("21"), sourceUpdatedAt: SYNCED, orders: [order("2101", "21")] },
        { customer: sampleCustomer("22"), sourceUpdatedAt: SYNCED, orders: [order("2201", "22")] },
      ],
    });

    expect([...inserted]).toEqual(["22"]);
    expect(await db().customer.count({ where: { shop } })).toBe(2);
    expect(await db().vaultCustomerKey.count({ where: { shop } })).toBe(2);
  });
});
