// A customer with many orders, and Shopify naming 100,000 order ids in one request: the export and
// the erasure run in bounded batches on either engine (an `IN (…)` over every id exceeds SQLite's
// 999 and PostgreSQL's 65,535 bound parameters), and an erasure interrupted between batches resumes.
import { describe, expect, it } from "vitest";
import { customerDataHolders } from "../app/composition.server";
import { config } from "../app/config.server";
import { db } from "../app/db.server";
import { queues } from "../app/jobs/queues.server";
import { openCustomerExport } from "../app/privacy/customer-export.server";
import { eraseCustomerData } from "../app/privacy/erase-customer.server";
import { requestErasureProgress } from "../app/privacy/erasure-progress.server";
import { subjectRef } from "../app/privacy/privacy-keys.server";
import { upsertCustomer } from "../app/vault/customers.server";
import { vault } from "../app/vault/vault.server";
import { sampleCustomer } from "../harness/vault";
import { customerRedactPayload, dataRequestPayload, deliver, requestReaching } from "./helpers/compliance";
import { startJobProcessing } from "./helpers/jobs";

const NAMED = 100_000;
const OWN = 1_500;
const GUEST = 300;
const CUSTOMER = 777;

/** The customer's own orders, guest orders Shopify names as theirs, and an order of someone else. */
async function seed(shop: string) {
  await upsertCustomer({ db: db(), vault: vault(), shop, customer: sampleCustomer(String(CUSTOMER)), sourceUpdatedAt: new Date("2026-11-01T00:00:00Z") });
  const order = (orderId: number, customerId: string | null) => ({
    shop,
    orderId: String(orderId),
    customerId,
    sourceUpdatedAt: new Date("2026-11-01T00:00:00Z"),
    totalPrice: "10.00",
    currency: "EUR",
    lineItems: "[]",
  });
  const rows = [
    ...Array.from({ length: OWN }, (_, index) => order(5_000_000 + index, String(CUSTOMER))),
    ...Array.from({ length: GUEST }, (_, index) => order(6_000_000 + index, null)),
    order(7_000_000, "888"),
  ];
  for (let start = 0; start < rows.length; start += 100) await db().order.createMany({ data: rows.slice(start, start + 100) });
}

/** 100,000 ids: every stored order of the customer, the guest orders, and the rest unknown to the app. */
function namedOrderIds(): number[] {
  const ids = [...Array.from({ length: OWN }, (_, index) => 5_000_000 + index), ...Array.from({ length: GUEST }, (_, index) => 6_000_000 + index)];
  for (let next = 8_000_000; ids.length < NAMED; next++) ids.push(next);
  return ids;
}

describe("privacy requests naming 100,000 orders", () => {
  it("given a customer with 1,500 stored orders, when Shopify asks for their data naming 100,000 orders, then the export holds their orders and the named guest orders", async () => {
    const shop = "many-orders-export.myshopify.com";
    startJobProcessing();
    await seed(shop);

    await deliver("customers/data_request", shop, dataRequestPayload(shop, CUSTOMER, namedOrderIds()));
    const request = await requestReaching(shop, "data_request", "completed", { timeout: 120_000 });

    const exported = JSON.parse((await openCustomerExport({ db: db(), shop, requestId: request.id, format: "json" }))!.toString()) as {
      data: { vault: { orders: { id: string }[] } };
    };
    const ids = exported.data.vault.orders.map((order) => Number(order.id));
    expect(ids).toHaveLength(OWN + GUEST);
    expect(new Set(ids)).toEqual(new Set(namedOrderIds().slice(0, OWN + GUEST)));
  }, 180_000);

  it("given a customer with 1,500 stored orders, when Shopify asks for their erasure naming 100,000 orders, then every named and linked order goes, counted, and nobody else's", async () => {
    const shop = "many-orders-erasure.myshopify.com";
    const neighbour = "many-orders-neighbour.myshopify.com";
    startJobProcessing();
    await seed(shop);
    await seed(neighbour);

    await deliver("customers/redact", shop, customerRedactPayload(shop, CUSTOMER, namedOrderIds()));
    const request = await requestReaching(shop, "customer_redact", "completed", { timeout: 120_000 });

    const receipt = await db().redactionReceipt.findFirstOrThrow({ where: { triggerId: { startsWith: request.id } } });
    expect(JSON.parse(receipt.erased)).toMatchObject({ "vault.orders": OWN + GUEST, "vault.customers": 1, "vault.customerKeys": 1 });
    expect(await db().order.findMany({ where: { shop }, select: { orderId: true } })).toEqual([{ orderId: "7000000" }]);
    expect(await db().order.count({ where: { shop: neighbour } })).toBe(OWN + GUEST + 1);
    expect(request.erasureProgress).toBeNull();
  }, 180_000);

  it("given an erasure of 100,000 named orders interrupted between batches, when it runs again, then it resumes after the last committed batch and the receipt counts every order", async () => {
    const shop = "many-orders-resume.myshopify.com";
    await seed(shop);
    const orderIds = namedOrderIds().map(String);
    const request = await db().privacyRequest.create({
      data: { id: crypto.randomUUID(), shop, type: "customer_redact", deliveryId: crypto.randomUUID(), status: "processing", receivedAt: new Date(), dueAt: new Date() },
    });
    const subject = { shop, customerId: String(CUSTOMER), subjectRef: subjectRef({ shop, customerId: String(CUSTOMER) }), orderIds };
    const holders = customerDataHolders({ queues: queues(), redisPrefix: config().REDIS_PREFIX, vault: vault() });
    const progress = (holder: string) => requestErasureProgress({ db: db(), requestId: request.id, subjectRef: subject.subjectRef, holder });
    // The worker dies while committing the fifth batch of named orders (after the guest orders went): it rolls back.
    const dying = (holder: string) => {
      const real = progress(holder);
      return {
        load: real.load,
        save: async (tx: Parameters<typeof real.save>[0], checkpoint: Parameters<typeof real.save>[1]) => {
          await real.save(tx, checkpoint);
          if (holder === "vault" && checkpoint.nextBatch === 6) throw new Error("worker killed");
        },
      };
    };

    await expect(eraseCustomerData({ db: db(), holders, subject, triggerId: `${request.id}:x`, progress: dying })).rejects.toThrow("worker killed");
    const stopped = JSON.parse((await db().privacyRequest.findUniqueOrThrow({ where: { id: request.id } })).erasureProgress!);
    expect(stopped[subject.subjectRef].vault).toEqual({ nextBatch: 5, erased: { customerKeys: 1, customers: 1, blindIndexes: 2, orders: OWN + GUEST } });
    const { erased } = await eraseCustomerData({ db: db(), holders, subject, triggerId: `${request.id}:x`, progress });

    expect(erased).toMatchObject({ "vault.orders": OWN + GUEST, "vault.customers": 1, "vault.customerKeys": 1, "vault.blindIndexes": 2 });
    expect(await db().order.count({ where: { shop } })).toBe(1);
  }, 180_000);
});
