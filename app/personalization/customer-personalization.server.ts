// One customer, in real time: after an order, a consent change or a banner choice. Asks the gate
// first. Allowed: rescored from their own lines and the shop's stored model, then written back.
// Not allowed: their results are deleted here at once, and the write-back job removes what Shopify
// holds. Nothing about a customer the gate refuses is read, scored or written.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { mayPersonalize } from "./consent-gate.server";
import { readInsight, removeInsight, saveInsight } from "./insights.server";
import { customerPurchaseLines } from "./purchase-lines.server";
import { scoreCustomer, type Neighbour, type ShopModel } from "./shop-model";
import { customerMetafields, deleteCustomerMetafields, setMetafields } from "./write-back.server";

export type RescoreOutcome = "scored" | "not_consenting" | "withdrawn" | "no_model";

export async function rescoreCustomer({ db, shop, customerId, now = new Date() }: { db: Db; shop: string; customerId: string; now?: Date }): Promise<{ outcome: RescoreOutcome; writeBack: boolean }> {
  const customerRef = subjectRef({ shop, customerId });
  if (!(await mayPersonalize({ db, shop, customerId }))) {
    const existing = await readInsight({ db, shop, customerRef });
    if (!existing) return { outcome: "not_consenting", writeBack: false };
    await removeInsight({ db, shop, customerRef });
    // Only what was written needs undoing in Shopify.
    return { outcome: "withdrawn", writeBack: existing.writtenBackAt !== null };
  }
  const stored = await db.shopModel.findUnique({ where: { shop } });
  // No fit yet (a new shop): the first nightly run scores everyone.
  if (!stored) return { outcome: "no_model", writeBack: false };
  const model = JSON.parse(stored.model) as ShopModel;
  const lines = await customerPurchaseLines({ db, shop, customerRef });
  const products = [...new Set(lines.map((line) => line.productId))];
  const neighbours = new Map<string, Neighbour[]>();
  for (const batch of batchesOf(products)) {
    for (const row of await db.productAffinity.findMany({ where: { shop, productId: { in: batch } }, select: { productId: true, neighbours: true } })) neighbours.set(row.productId, JSON.parse(row.neighbours) as Neighbour[]);
  }
  await saveInsight({ db, shop, customerRef, insight: scoreCustomer(model, lines, neighbours, now.getTime()), scoredAt: now });
  return { outcome: "scored", writeBack: true };
}

/**
 * Brings Shopify in line with what is stored: the customer's metafields set when they consent and
 * have results (unless unchanged since the last write), removed otherwise. The gate is asked again
 * here: consent may have been withdrawn since the rescore.
 */
export async function writeBackCustomer({ db, shop, customerId, client, log, now = new Date() }: { db: Db; shop: string; customerId: string; client: () => Promise<AdminGraphqlClient>; log: Logger; now?: Date }) {
  const customerRef = subjectRef({ shop, customerId });
  const insight = (await mayPersonalize({ db, shop, customerId })) ? await readInsight({ db, shop, customerRef }) : null;
  if (!insight) {
    if (await readInsight({ db, shop, customerRef })) await removeInsight({ db, shop, customerRef });
    const deleted = await deleteCustomerMetafields(await client(), customerId);
    log.info({ deleted }, "personalization metafields removed");
    return { outcome: "removed" as const, deleted };
  }
  const metafields = customerMetafields(customerId, insight);
  const written = JSON.stringify(metafields);
  if (insight.writtenBack === written) return { outcome: "unchanged" as const };
  await setMetafields(await client(), metafields);
  await db.customerInsight.updateMany({ where: { shop, customerRef, scoredAt: insight.scoredAt }, data: { writtenBack: written, writtenBackAt: now } });
  return { outcome: "written" as const, metafields: metafields.length };
}
