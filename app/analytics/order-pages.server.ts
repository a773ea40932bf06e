// A shop's orders with their lines, page by page. The lines are the order's own (stored with it from
// order webhooks); an order the full sync stored has none of its own (Shopify's customers query
// cannot carry them), so its lines come from the purchase lines the one-off backfill stored.
import type { Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import type { OrderLineItem } from "../vault/orders.server";
import { keysetPages } from "./analytics-table.server";

const PAGE = 2_000;

interface AnalyticsOrder {
  orderId: string;
  customerAnalyticsRef: string | null;
  processedAt: Date | null;
  totalPrice: string;
  currency: string;
  financialStatus: string | null;
  lines: { productId: string | null; variantId: string | null; quantity: number; unitPrice: number }[];
}

export async function* orderPagesWithLines({ db, shop }: { db: Db; shop: string }): AsyncGenerator<AnalyticsOrder[]> {
  const pages = keysetPages(
    (after: { orderId: string } | undefined) =>
      db.order.findMany({
        where: { shop, ...(after && { orderId: { gt: after.orderId } }) },
        orderBy: { orderId: "asc" },
        take: PAGE,
        select: { orderId: true, customerAnalyticsRef: true, processedAt: true, totalPrice: true, currency: true, financialStatus: true, lineItems: true },
      }),
    PAGE,
  );
  for await (const page of pages) {
    const orders = page.map(({ lineItems, ...order }) => ({
      ...order,
      lines: (JSON.parse(lineItems) as OrderLineItem[]).map(({ productId, variantId, quantity, price }) => ({ productId, variantId, quantity, unitPrice: Number(price) })),
    }));
    const withoutLines = new Map(orders.filter((order) => order.lines.length === 0).map((order) => [order.orderId, order]));
    for (const batch of batchesOf([...withoutLines.keys()])) {
      const backfilled = await db.purchaseLine.findMany({
        where: { shop, orderId: { in: batch } },
        orderBy: [{ orderId: "asc" }, { line: "asc" }],
        select: { orderId: true, productId: true, variantId: true, quantity: true, unitPrice: true },
      });
      for (const { orderId, ...line } of backfilled) withoutLines.get(orderId)!.lines.push(line);
    }
    yield orders;
  }
}
