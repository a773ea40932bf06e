// A whole shop, nightly (or on demand): the gate decides who is in, the models are fitted on those
// customers' purchases only (off the event loop), every consenting customer's results are replaced,
// and results of customers who no longer consent are removed (their write-back undone by per-customer
// jobs). Then the shop's results are written back in batches.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { personalizableCustomers } from "./consent-gate.server";
import { fitShopOffThread } from "./fit-thread.server";
import { insightColumns } from "./insights.server";
import { shopLineItems } from "./purchase-lines.server";
import type { FittedShop } from "./shop-model";
import { customerMetafields, metafieldCalls, productMetafield, setMetafields, type MetafieldInput } from "./write-back.server";

const WRITE_BATCH = 500;

export async function fitShopPersonalization({ db, shop, now = new Date(), log }: { db: Db; shop: string; now?: Date; log: Logger }) {
  const { allowed, refused } = await personalizableCustomers({ db, shop });
  const lines = await shopLineItems({ db, shop, customerRefs: new Set(allowed.keys()) });
  const started = performance.now();
  // Nobody to learn from: no model, and every stored result goes (below).
  const fitted = lines.customer.length ? await fitShopOffThread(lines, now.getTime()) : null;
  if (!fitted) await db.$transaction([db.shopModel.deleteMany({ where: { shop } }), db.productAffinity.deleteMany({ where: { shop } })]);
  else await storeFit({ db, shop, fitted, now });
  log.info({ customers: fitted?.customers.length ?? 0, products: fitted?.products.length ?? 0, lines: lines.customer.length, fitMs: Math.round(performance.now() - started) }, "personalization fitted");

  // Results of customers the gate no longer lets through (or with no purchases left): removed here;
  // the ids of those that were written to Shopify are returned so their write-back is undone.
  const stale = await db.customerInsight.findMany({ where: { shop, scoredAt: { lt: now } }, select: { customerRef: true, writtenBackAt: true } });
  const scored = new Set(fitted?.customers.map((c) => c.customerRef));
  const removed = stale.filter((row) => !scored.has(row.customerRef) || !allowed.has(row.customerRef));
  for (let start = 0; start < removed.length; start += WRITE_BATCH) {
    await db.customerInsight.deleteMany({ where: { shop, customerRef: { in: removed.slice(start, start + WRITE_BATCH).map((row) => row.customerRef) } } });
  }
  return {
    customers: fitted?.customers.length ?? 0,
    products: fitted?.products.length ?? 0,
    removed: removed.length,
    undo: removed.flatMap((row) => (row.writtenBackAt !== null && refused.has(row.customerRef) ? [refused.get(row.customerRef)!] : [])),
  };
}

async function storeFit({ db, shop, fitted, now }: { db: Db; shop: string; fitted: FittedShop; now: Date }) {
  const model = JSON.stringify(fitted.model);
  await db.shopModel.upsert({ where: { shop }, create: { shop, fittedAt: now, model, customers: fitted.customers.length }, update: { fittedAt: now, model, customers: fitted.customers.length } });
  for (let start = 0; start < fitted.products.length; start += WRITE_BATCH) {
    const batch = fitted.products.slice(start, start + WRITE_BATCH);
    await db.$transaction([
      db.productAffinity.deleteMany({ where: { shop, productId: { in: batch.map((p) => p.productId) } } }),
      db.productAffinity.createMany({ data: batch.map((p) => ({ shop, productId: p.productId, neighbours: JSON.stringify(p.neighbours), boughtTogether: JSON.stringify(p.boughtTogether) })) }),
    ]);
  }
  // Products the fit no longer knows (bought only by customers who withdrew since): their rows carry
  // the old fit's neighbours and must go with it.
  const current = new Set(fitted.products.map((p) => p.productId));
  for (let after: string | undefined; ; ) {
    const page = await db.productAffinity.findMany({ where: { shop, ...(after === undefined ? {} : { productId: { gt: after } }) }, orderBy: { productId: "asc" }, take: WRITE_BATCH, select: { productId: true } });
    const gone = page.map((row) => row.productId).filter((id) => !current.has(id));
    if (gone.length) await db.productAffinity.deleteMany({ where: { shop, productId: { in: gone } } });
    if (page.length < WRITE_BATCH) break;
    after = page.at(-1)!.productId;
  }
  for (let start = 0; start < fitted.customers.length; start += WRITE_BATCH) {
    const batch = fitted.customers.slice(start, start + WRITE_BATCH);
    await db.$transaction(
      batch.map(({ customerRef, insight }) => {
        const data = insightColumns({ shop, customerRef, insight, scoredAt: now });
        return db.customerInsight.upsert({ where: { shop_customerRef: { shop, customerRef } }, create: { shop, customerRef, ...data }, update: data });
      }),
    );
  }
}

/** Writes every changed result of the shop: customers six to a call (four metafields each), products 25. */
export async function writeBackShop({ db, shop, client, now = new Date() }: { db: Db; shop: string; client: () => Promise<AdminGraphqlClient>; now?: Date }) {
  const { allowed } = await personalizableCustomers({ db, shop });
  let admin: AdminGraphqlClient | undefined;
  const send = async (metafields: MetafieldInput[]) => setMetafields((admin ??= await client()), metafields);
  let calls = 0;
  let customers = 0;
  for (let after: string | undefined; ; ) {
    const page = await db.customerInsight.findMany({ where: { shop, ...(after === undefined ? {} : { customerRef: { gt: after } }) }, orderBy: { customerRef: "asc" }, take: WRITE_BATCH });
    const changed = page.flatMap((insight) => {
      const customerId = allowed.get(insight.customerRef);
      if (!customerId) return [];
      const metafields = customerMetafields(customerId, insight);
      const written = JSON.stringify(metafields);
      return insight.writtenBack === written ? [] : [{ insight, metafields, written }];
    });
    for (const call of metafieldCalls(changed)) {
      await send(call.flatMap((owner) => owner.metafields));
      calls++;
      for (const { insight, written } of call) {
        await db.customerInsight.updateMany({ where: { shop, customerRef: insight.customerRef, scoredAt: insight.scoredAt }, data: { writtenBack: written, writtenBackAt: now } });
      }
      customers += call.length;
    }
    if (page.length < WRITE_BATCH) break;
    after = page.at(-1)!.customerRef;
  }
  let products = 0;
  for (let after: string | undefined; ; ) {
    const page = await db.productAffinity.findMany({ where: { shop, ...(after === undefined ? {} : { productId: { gt: after } }) }, orderBy: { productId: "asc" }, take: WRITE_BATCH, select: { productId: true, boughtTogether: true, writtenBack: true } });
    const changed = page.flatMap((row) => {
      const together = JSON.parse(row.boughtTogether) as string[];
      if (!together.length) return [];
      const metafields = [productMetafield(row.productId, together)];
      const written = JSON.stringify(metafields);
      return row.writtenBack === written ? [] : [{ productId: row.productId, metafields, written }];
    });
    for (const call of metafieldCalls(changed)) {
      await send(call.flatMap((owner) => owner.metafields));
      calls++;
      for (const { productId, written } of call) await db.productAffinity.updateMany({ where: { shop, productId }, data: { writtenBack: written } });
      products += call.length;
    }
    if (page.length < WRITE_BATCH) break;
    after = page.at(-1)!.productId;
  }
  return { calls, customers, products };
}
