// What personalization stores per customer (CustomerInsight), scoped by shop and named by the
// customer's subject reference. Only consenting customers have a row: the gate's "no" deletes it.
import type { Db } from "../db.server";
import { analyticsRef } from "../privacy/privacy-keys.server";
import type { CustomerInsightValues } from "./shop-model";

export function insightColumns({ shop, customerRef, insight, scoredAt }: { shop: string; customerRef: string; insight: CustomerInsightValues; scoredAt: Date }) {
  const { recommendedProducts, ...scores } = insight;
  return { ...scores, recommendedProducts: JSON.stringify(recommendedProducts), scoredAt, analyticsRef: analyticsRef({ shop, customerRef }) };
}

export async function saveInsight({ db, shop, customerRef, insight, scoredAt }: { db: Db; shop: string; customerRef: string; insight: CustomerInsightValues; scoredAt: Date }) {
  const data = insightColumns({ shop, customerRef, insight, scoredAt });
  await db.customerInsight.upsert({ where: { shop_customerRef: { shop, customerRef } }, create: { shop, customerRef, ...data }, update: data });
}

export function readInsight({ db, shop, customerRef }: { db: Db; shop: string; customerRef: string }) {
  return db.customerInsight.findUnique({ where: { shop_customerRef: { shop, customerRef } } });
}

export type StoredInsight = NonNullable<Awaited<ReturnType<typeof readInsight>>>;

export async function removeInsight({ db, shop, customerRef }: { db: Db; shop: string; customerRef: string }) {
  return (await db.customerInsight.deleteMany({ where: { shop, customerRef } })).count;
}

/** The stored results as a merchant or the customer reads them. */
export function insightView(row: StoredInsight) {
  return {
    rfm: { recency: row.recency, frequency: row.frequency, monetary: row.monetary, group: row.rfmGroup },
    cluster: row.clusterLabel,
    probabilityAlive: row.probabilityAlive,
    expectedPurchasesNext90Days: row.expectedPurchases90d,
    predictedValueNext12Months: row.predictedValue12m,
    recommendedProducts: JSON.parse(row.recommendedProducts) as string[],
    scoredAt: row.scoredAt,
    writtenToShopifyAt: row.writtenBackAt,
  };
}
