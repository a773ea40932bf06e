import { hkdfSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MASTER_KEY, sampleCustomer, testVault } from "../../harness/vault";
import { db } from "../db.server";
import { associatedData, open } from "./aead.server";
import { readCustomer, upsertCustomer } from "./customers.server";
import { eraseCustomer, eraseShop } from "./erasure.server";
import { indexKeyContext, shopKey, unwrapCustomerKey } from "./keys.server";
import { upsertOrder } from "./orders.server";
import type { Vault } from "./vault.server";

const A = "alpha.myshopify.com";
const B = "bravo.myshopify.com";
const C = "charlie.myshopify.com";
const synced = new Date("2025-05-01T00:00:00Z");

async function seed(vault: Vault, shop: string, customerId: string) {
  await upsertCustomer({ db: db(), vault, shop, customer: sampleCustomer(customerId), sourceUpdatedAt: synced });
  await upsertOrder({
    db: db(),
    shop,
    order: { id: `o${customerId}`, customerId, totalPrice: "1.00", currency: "EUR", lineItems: [] },
    sourceUpdatedAt: synced,
  });
}

/** Every key material left anywhere in the system: the master key and every unwrapped stored key. */
async function everyRemainingKey(vault: Vault): Promise<Buffer[]> {
  const keys: Buffer[] = [MASTER_KEY];
  for (const row of await db().vaultShopKey.findMany()) keys.push(await shopKey(vault, row.shop, row.version));
  for (const row of await db().vaultCustomerKey.findMany()) keys.push(await unwrapCustomerKey(vault, row));
  for (const row of await db().vaultIndexKey.findMany()) {
    const indexKey = await vault.keyProvider.unwrap({ ...row, context: indexKeyContext(row.shop) });
    keys.push(indexKey, Buffer.from(hkdfSync("sha256", indexKey, "consent-vault blind index", `${row.shop}|email`, 32)));
  }
  return keys;
}

describe("eraseCustomer", () => {
  it("given an erased customer, then a ciphertext saved before erasure opens with no key left in the system", async () => {
    const vault = testVault();
    await seed(vault, A, "1");
    await seed(vault, A, "2");
    await seed(vault, B, "1");
    const saved = await db().customer.findUniqueOrThrow({ where: { shop_customerId: { shop: A, customerId: "1" } } });
    const [, keyId, ...sealed] = saved.encryptedEmail!.split(".");

    await eraseCustomer({ db: db(), vault, shop: A, customerId: "1" });
    // The same id synced again gets a new key: it must not open the old data either.
    await seed(vault, A, "1");

    const aad = associatedData(["cv-field/v1", A, "1", "email", keyId!]);
    const keys = await everyRemainingKey(testVault());
    expect(keys.length).toBeGreaterThan(6);
    for (const key of keys) expect(() => open({ key, sealed: sealed.join("."), aad })).toThrow();
    const cipher = await testVault().existingCipherFor({ shop: A, customerId: "1" });
    expect(() => cipher!.decrypt("email", saved.encryptedEmail!)).toThrow();
  });

  it("given a customer with orders and indexes, then everything of that customer goes, counted, and nothing of others", async () => {
    const vault = testVault();
    await seed(vault, A, "1");
    await seed(vault, A, "2");
    await seed(vault, B, "1");
    await upsertOrder({ db: db(), shop: A, order: { id: "guest", customerId: null, totalPrice: "1", currency: "EUR", lineItems: [] }, sourceUpdatedAt: synced });

    const erased = await eraseCustomer({ db: db(), vault, shop: A, customerId: "1", orderIds: ["guest"] });

    expect(erased).toEqual({ customerKeys: 1, customers: 1, blindIndexes: 2, orders: 2 });
    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "1" })).toBeNull();
    expect(await db().customer.count({ where: { OR: [{ emailIndex: { not: null } }] } })).toBe(2);
    expect(await vault.existingCipherFor({ shop: A, customerId: "1" })).toBeNull();
    expect(await readCustomer({ db: db(), vault, shop: A, customerId: "2" })).not.toBeNull();
    expect(await readCustomer({ db: db(), vault, shop: B, customerId: "1" })).not.toBeNull();
    expect(await eraseCustomer({ db: db(), vault, shop: A, customerId: "1", orderIds: ["guest"] })).toEqual({
      customerKeys: 0,
      customers: 0,
      blindIndexes: 0,
      orders: 0,
    });
  });
  it("given another process still caches the erased customer's key, when that customer is synced there again, then the data is readable under a new key", async () => {
    const [processOne, processTwo] = [testVault(), testVault()];
    await seed(processOne, C, "9");
    await eraseCustomer({ db: db(), vault: processTwo, shop: C, customerId: "9" });

    await seed(processOne, C, "9");

    expect((await readCustomer({ db: db(), vault: testVault(), shop: C, customerId: "9" }))?.email).toBe(sampleCustomer("9").email);
  });
});

describe("eraseShop", () => {
  it("given two shops, when one is erased, then all its rows and keys go, the other's stay, and a repeat erases nothing", async () => {
    const vault = testVault();
    await seed(vault, A, "1");
    await seed(vault, A, "2");
    await seed(vault, B, "1");

    expect(await eraseShop({ db: db(), vault, shop: A })).toEqual({
      customerKeys: 2,
      customers: 2,
      orders: 2,
      shopKeys: 1,
      indexKeys: 1,
      rotations: 0,
      epochSecrets: 1,
    });
    const where = { shop: A };
    const left = await Promise.all([
      db().customer.count({ where }),
      db().order.count({ where }),
      db().vaultCustomerKey.count({ where }),
      db().vaultShopKey.count({ where }),
      db().vaultIndexKey.count({ where }),
    ]);
    expect(left).toEqual([0, 0, 0, 0, 0]);
    expect(await readCustomer({ db: db(), vault, shop: B, customerId: "1" })).not.toBeNull();
    expect(vault.cache.get(`${A}|customer|1`)).toBeUndefined();
    expect(Object.values(await eraseShop({ db: db(), vault, shop: A }))).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
