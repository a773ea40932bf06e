// Row-level security on PostgreSQL (docs/decisions/016-row-level-security.md): work for one shop runs
// as the app role with the shop set per transaction, so a query that forgets its shop filter still
// sees nothing of another shop, and a query without the shop set sees nothing at all.
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sampleCustomer, testVault } from "../harness/vault";
import { config } from "../app/config.server";
import { createDb, db, shopDb } from "../app/db.server";
import { APP_ROLE } from "../app/shop-db.server";
import { readCustomer, upsertCustomer } from "../app/vault/customers.server";

const A = "rls-alpha.myshopify.com";
const B = "rls-bravo.myshopify.com";
const synced = new Date("2025-05-01T00:00:00Z");
const isPostgres = config().database.provider === "postgresql";

/**
 * Tables with a `shop` column that hold no customer data, each with why; every other table with a
 * `shop` column must be under a policy. A new table fails this test until it is put in one list.
 */
const SHOP_TABLES_WITHOUT_CUSTOMER_DATA: Record<string, string> = {
  Session: "the shop's access tokens and its staff members' names, sealed; read before any shop is known (authentication)",
  Shop: "the shop's own settings and lifecycle",
  WebhookDelivery: "delivery ids and sealed inbox payloads, appended across shops in one commit",
  OutboxMessage: "job messages carry ids only; relayed across shops",
  VaultShopKey: "the shop's wrapped key-encryption keys, no customer data",
  VaultIndexKey: "the shop's wrapped blind-index key, no customer data",
  VaultKeyRotation: "rotation progress counters",
  SyncState: "sync progress counters",
  SyncSettings: "which fields the shop syncs",
  PrivacyNoticeCopy: "a digest of the shop's notice",
  RetentionSettings: "the shop's retention periods",
  AuditChainAnchor: "hash-chain anchors, no content",
  SecurityEventCount: "counts per kind and day, no personal data",
  ShopModel: "fitted model parameters for the whole shop",
  ProductAffinity: "product-to-product scores, no customers",
  PurchaseLineBackfill: "backfill progress",
  PrivacyHealthReport: "the shop's self-audit results, counts only",
  TrackerScan: "scripts and cookies found on the storefront",
  StaffPermission: "staff user ids and permissions",
  StaffMfa: "staff MFA secrets, sealed",
  StaffRecoveryCode: "hashes of staff recovery codes",
  ShopMfaPolicy: "whether the shop requires MFA",
  StaffGuideAcknowledgement: "when staff user ids confirmed reading the privacy guide",
  DataRecipient: "the shop's register of the companies it shares data with",
};

const clients: pg.Client[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.end()));
});

async function sql(role?: string) {
  const client = new pg.Client({ connectionString: config().database.url, options: role ? `-c role=${role}` : undefined });
  await client.connect();
  clients.push(client);
  return client;
}

async function seedBothShops(ids: string[]) {
  const vault = testVault();
  for (const shop of [A, B]) {
    for (const id of ids) await upsertCustomer({ db: shopDb(shop), vault, shop, customer: sampleCustomer(`${id}`), sourceUpdatedAt: synced });
  }
}

describe.runIf(isPostgres)("row-level security by shop", () => {
  it("given every table with a shop column, then each holding customer data is under the shop policy for the app role", async () => {
    const owner = await sql();
    const { rows: shopTables } = await owner.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'shop' ORDER BY table_name`,
    );
    const { rows: policies } = await owner.query<{ tablename: string; roles: string[]; qual: string; with_check: string }>(
      `SELECT tablename, roles::text[] AS roles, qual, with_check FROM pg_policies WHERE schemaname = 'public'`,
    );
    const { rows: enabled } = await owner.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r'`);

    const customerTables = shopTables.map((row) => row.table_name).filter((table) => !(table in SHOP_TABLES_WITHOUT_CUSTOMER_DATA));
    expect(customerTables.sort()).toEqual(
      ["AuditEvent", "ConsentReceipt", "Customer", "CustomerInsight", "DataExport", "Order", "PrivacyRequest", "PrivacyRequestEvent", "PurchaseLine", "StorefrontLink", "VaultCustomerKey"].sort(),
    );
    for (const table of customerTables) {
      expect(enabled.map((row) => row.relname), table).toContain(table);
      const policy = policies.find((row) => row.tablename === table);
      expect(policy, table).toMatchObject({ roles: [APP_ROLE] });
      expect(policy!.qual).toContain("current_setting('app.shop'::text, true)");
      expect(policy!.with_check).toContain("current_setting('app.shop'::text, true)");
    }
  });

  it("given customers of two shops, when the app role queries without the shop set, then it sees none and may write none", async () => {
    await seedBothShops(["101", "102"]);
    const unscoped = createDb(config().database, { role: APP_ROLE });
    try {
      expect(await unscoped.customer.count()).toBe(0);
      expect(await unscoped.vaultCustomerKey.count()).toBe(0);
      expect(await unscoped.customer.updateMany({ data: { state: "disabled" } })).toEqual({ count: 0 });
      expect(await unscoped.customer.deleteMany()).toEqual({ count: 0 });
      await expect(unscoped.consentReceipt.deleteMany({ where: { shop: A } })).resolves.toEqual({ count: 0 });
    } finally {
      await unscoped.$disconnect();
    }
    const app = await sql(APP_ROLE);
    await expect(app.query(`INSERT INTO "Customer" ("shop", "customerId", "sourceUpdatedAt", "createdAt", "syncedAt") VALUES ($1, 'x', now(), now(), now())`, [A])).rejects.toThrow(
      /row-level security/,
    );
    expect(await db().customer.count({ where: { shop: { in: [A, B] } } })).toBe(4);
  });

  it("given a shop-scoped client, when a query forgets its shop filter, then it reads and changes only that shop's rows", async () => {
    await seedBothShops(["201", "202", "203"]);
    const alpha = shopDb(A);

    const everyone = await alpha.customer.findMany({ where: { customerId: { in: ["201", "202", "203"] } } });
    expect(new Set(everyone.map((row) => row.shop))).toEqual(new Set([A]));
    expect(await alpha.customer.updateMany({ where: { customerId: "201" }, data: { state: "disabled" } })).toEqual({ count: 1 });
    expect(await db().customer.findUniqueOrThrow({ where: { shop_customerId: { shop: B, customerId: "201" } } })).toMatchObject({ state: "enabled" });
    await expect(alpha.customer.update({ where: { shop_customerId: { shop: B, customerId: "202" } }, data: { state: "disabled" } })).rejects.toThrow();
    await expect(alpha.customer.create({ data: { shop: B, customerId: "forged", sourceUpdatedAt: synced, createdAt: synced } })).rejects.toThrow(/row-level security/);

    // The same through an interactive and a batch transaction.
    expect(await alpha.$transaction(async (tx) => tx.customer.count({ where: { customerId: { in: ["201", "202", "203"] } } }))).toBe(3);
    const [count, deleted] = await alpha.$transaction([alpha.customer.count(), alpha.customer.deleteMany({ where: { customerId: "203" } })]);
    expect({ count, deleted }).toMatchObject({ deleted: { count: 1 } });
    expect(await db().customer.count({ where: { shop: B, customerId: "203" } })).toBe(1);
  });

  it("given many concurrent lookups for two shops in the same moment, then each answers from its own shop only (no batching across shops)", async () => {
    await seedBothShops(["301", "302"]);
    const vault = testVault();
    const lookups = Array.from({ length: 32 }, (_, i) => {
      const shop = i % 2 ? A : B;
      return Promise.all([shop, shopDb(shop).customer.findUnique({ where: { shop_customerId: { shop, customerId: "301" } } }), readCustomer({ db: shopDb(shop), vault, shop, customerId: "302" })]);
    });
    for (const [shop, row, customer] of await Promise.all(lookups)) {
      expect(row?.shop).toBe(shop);
      expect(customer?.email).toBe(sampleCustomer("302").email);
    }
  });
});
