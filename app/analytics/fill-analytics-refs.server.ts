// Orders and personalization results carry their customer's analytics reference from the moment they
// are written (app/vault/orders.server.ts, app/personalization/insights.server.ts). Rows written
// before those columns existed get theirs here, before an export reads them, so the export and the
// PostgreSQL views read one stored value. Only rows still missing it are touched.
import type { Db } from "../db.server";
import { analyticsRef, customerAnalyticsRef } from "../privacy/privacy-keys.server";

const PAGE = 500;

export async function fillAnalyticsRefs({ db, shop }: { db: Db; shop: string }): Promise<{ orders: number; insights: number }> {
  let orders = 0;
  for (;;) {
    const page = await db.order.findMany({ where: { shop, customerAnalyticsRef: null, customerId: { not: null } }, take: PAGE, select: { orderId: true, customerId: true } });
    await db.$transaction(
      page.map(({ orderId, customerId }) => db.order.update({ where: { shop_orderId: { shop, orderId } }, data: { customerAnalyticsRef: customerAnalyticsRef({ shop, customerId: customerId! }) } })),
    );
    orders += page.length;
    if (page.length < PAGE) break;
  }
  let insights = 0;
  for (;;) {
    const page = await db.customerInsight.findMany({ where: { shop, analyticsRef: null }, take: PAGE, select: { customerRef: true } });
    await db.$transaction(
      page.map(({ customerRef }) => db.customerInsight.update({ where: { shop_customerRef: { shop, customerRef } }, data: { analyticsRef: analyticsRef({ shop, customerRef }) } })),
    );
    insights += page.length;
    if (page.length < PAGE) break;
  }
  return { orders, insights };
}
