// Retention's throughput, each next to a baseline in the same run on the same engine:
// - expired consent receipts deleted by the retention run (batches of 500, one shop) against one
//   unbatched deleteMany of the same number of rows in another shop;
// - inactive customers erased by the retention run (every holder, a redaction receipt and an audit
//   entry each) against deleting the same rows (customer, key, orders) in one transaction;
// - the security log's record() on a request path against the bare in-memory count it wraps.
import { randomBytes } from "node:crypto";
import { Bench as TinyBench } from "tinybench";
import { createDb, type Db } from "../app/db.server";
import { createQueues } from "../app/jobs/queues.server";
import { createLogger } from "../app/log.server";
import { loadPrivacyKeys } from "../app/privacy/privacy-keys.server";
import { applyShopRetention } from "../app/retention/apply-retention.server";
import { createSecurityLog } from "../app/security/security-events.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { createKeyCache } from "../app/vault/key-cache.server";
import { createLocalKeyProvider } from "../app/vault/key-provider.server";
import type { CachedKey } from "../app/vault/keys.server";
import { upsertOrder } from "../app/vault/orders.server";
import { createVault, type Vault } from "../app/vault/vault.server";
import { createTemplateDatabase, dropTemplateDatabase } from "../harness/test-database";
import { sampleCustomer, temporaryVaultStores } from "../harness/vault";
import { ratio, type Bench, type BenchRow } from "./lib/harness";

const NAME = "retention";
const RECEIPTS = Number(process.env.BENCH_RETENTION_RECEIPTS ?? 20_000);
const CUSTOMERS = Number(process.env.BENCH_RETENTION_CUSTOMERS ?? 500);
// Past every default period (receipts 395 days, inactive customers 36 months).
const OLD = new Date(Date.now() - 1_200 * 24 * 3600 * 1000);

async function oldReceipts(db: Db, shop: string) {
  for (let start = 0; start < RECEIPTS; start += 500) {
    await db.consentReceipt.createMany({
      data: Array.from({ length: Math.min(500, RECEIPTS - start) }, (_, i) => ({
        id: `${shop}-${start + i}`, shop, requestKey: `${shop}-${start + i}`, consentId: randomBytes(18).toString("base64url"),
        analytics: true, marketing: false, preferences: true, saleOfData: false, region: "FR", revision: 1, language: "fr",
        declaredAt: OLD, recordedAt: OLD, path: "/",
      })),
    });
  }
}

async function inactiveCustomers(db: Db, vault: Vault, shop: string) {
  for (let i = 1; i <= CUSTOMERS; i++) {
    const customer = sampleCustomer(String(i));
    await upsertCustomer({ db, vault, shop, customer, sourceUpdatedAt: OLD });
    await upsertOrder({ db, shop, order: { id: `${i}`, customerId: customer.id, processedAt: OLD, totalPrice: "10.00", currency: "EUR", lineItems: [] }, sourceUpdatedAt: OLD });
  }
}

async function timed(work: () => Promise<unknown>) {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function retentionRows(db: Db, vault: Vault): Promise<BenchRow[]> {
  const queues = createQueues({ redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", prefix: `cvbench${randomBytes(4).toString("hex")}` });
  // Imported here: the composition root builds Shopify's session storage on the configured database,
  // which must be this bench's migrated one.
  const { customerDataHolders } = await import("../app/composition.server");
  const holders = customerDataHolders({ queues, redisPrefix: "cvbench", vault });
  try {
    for (const shop of ["receipts-base.myshopify.com", "receipts.myshopify.com", "customers-base.myshopify.com", "customers.myshopify.com"]) {
      await db.shop.create({ data: { domain: shop } });
    }
    await oldReceipts(db, "receipts-base.myshopify.com");
    await oldReceipts(db, "receipts.myshopify.com");
    const baseReceipts = await timed(() => db.consentReceipt.deleteMany({ where: { shop: "receipts-base.myshopify.com", recordedAt: { lt: new Date() } } }));
    let receiptRun: Awaited<ReturnType<typeof applyShopRetention>> | undefined;
    const ourReceipts = await timed(async () => (receiptRun = await applyShopRetention({ db, holders, shop: "receipts.myshopify.com", runId: "bench-receipts" })));
    if (receiptRun?.counts.consentReceipts !== RECEIPTS) throw new Error(`expected ${RECEIPTS} receipts deleted, got ${receiptRun?.counts.consentReceipts}`);

    await inactiveCustomers(db, vault, "customers-base.myshopify.com");
    await inactiveCustomers(db, vault, "customers.myshopify.com");
    const baseCustomers = await timed(() =>
      db.$transaction([
        db.vaultCustomerKey.deleteMany({ where: { shop: "customers-base.myshopify.com" } }),
        db.customer.deleteMany({ where: { shop: "customers-base.myshopify.com" } }),
        db.order.deleteMany({ where: { shop: "customers-base.myshopify.com" } }),
      ]),
    );
    let customerRun: Awaited<ReturnType<typeof applyShopRetention>> | undefined;
    const ourCustomers = await timed(async () => (customerRun = await applyShopRetention({ db, holders, shop: "customers.myshopify.com", runId: "bench-customers" })));
    if (customerRun?.counts.inactiveCustomers !== CUSTOMERS) throw new Error(`expected ${CUSTOMERS} customers erased, got ${customerRun?.counts.inactiveCustomers}`);

    const perSecond = (count: number, seconds: number) => count / seconds;
    return [
      { bench: NAME, subject: `one deleteMany of ${RECEIPTS} expired receipts (baseline)`, metric: "rows/s", value: perSecond(RECEIPTS, baseReceipts).toFixed(0) },
      {
        bench: NAME,
        subject: `retention run, ${RECEIPTS} expired receipts in batches of 500`,
        metric: "rows/s",
        value: perSecond(RECEIPTS, ourReceipts).toFixed(0),
        vsBaseline: ratio(perSecond(RECEIPTS, ourReceipts), perSecond(RECEIPTS, baseReceipts)),
      },
      { bench: NAME, subject: `delete ${CUSTOMERS} customers' rows in one transaction (baseline)`, metric: "customers/s", value: perSecond(CUSTOMERS, baseCustomers).toFixed(0) },
      {
        bench: NAME,
        subject: `retention run, ${CUSTOMERS} inactive customers erased through every holder, receipt and audit entry each`,
        metric: "customers/s",
        value: perSecond(CUSTOMERS, ourCustomers).toFixed(1),
        vsBaseline: ratio(perSecond(CUSTOMERS, ourCustomers), perSecond(CUSTOMERS, baseCustomers)),
      },
    ];
  } finally {
    await queues.close();
  }
}

async function securityLogRows(db: Db): Promise<BenchRow[]> {
  const counts = new Map<string, number>();
  const securityLog = createSecurityLog({ db, log: createLogger({ level: "silent" }), flushEveryMs: 60_000 });
  const bench = new TinyBench({ time: 1_000, warmupTime: 200 });
  bench
    .add("map", () => {
      const key = `bench.myshopify.com|proxy.replayed|${Math.floor(Date.now() / 60_000)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    })
    .add("record", () => securityLog.record({ shop: "bench.myshopify.com", kind: "proxy.replayed" }));
  await bench.run();
  await securityLog.stop();
  const opsPerSecond = (name: string) => bench.getTask(name)?.result?.throughput.mean ?? NaN;
  return [
    { bench: NAME, subject: "in-memory count per shop, kind and minute (baseline)", metric: "ops/s", value: opsPerSecond("map").toFixed(0) },
    { bench: NAME, subject: "security log record() on a request path", metric: "ops/s", value: opsPerSecond("record").toFixed(0), vsBaseline: ratio(opsPerSecond("record"), opsPerSecond("map")) },
  ];
}

export const retentionBench: Bench = {
  name: NAME,
  async run() {
    // Retention names subjects with the privacy keys and reads the app's settings: this bench's own.
    process.env.SHOPIFY_API_KEY ??= "bench";
    process.env.SHOPIFY_API_SECRET ??= "bench";
    process.env.SHOPIFY_APP_URL ??= "https://bench.example.com";
    process.env.VAULT_MASTER_KEY ??= randomBytes(32).toString("base64");
    const target = await createTemplateDatabase(process.env.DATABASE_URL);
    const configured = process.env.DATABASE_URL;
    process.env.DATABASE_URL = target.url;
    const db = createDb(target);
    const stores = temporaryVaultStores();
    const vault = createVault({ db, keyProvider: createLocalKeyProvider({ currentKey: randomBytes(32) }), cache: createKeyCache<CachedKey>(), ...stores });
    try {
      await loadPrivacyKeys(vault);
      return [...(await retentionRows(db, vault)), ...(await securityLogRows(db))];
    } finally {
      await db.$disconnect();
      stores.remove();
      await dropTemplateDatabase(target);
      if (configured === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = configured;
    }
  },
};
