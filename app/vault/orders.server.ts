// Synced Shopify orders, minimised: what personalization needs (who, when, how much, which products)
// and nothing that identifies a person by itself. Names, addresses, emails and notes on an order are
// never stored, so orders need no encryption and erasing a customer is a plain delete.
import type { Order } from "@consent-vault/prisma-sqlite";
import type { Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import { customerAnalyticsRef } from "../privacy/privacy-keys.server";
import { writeUnlessStale } from "./stale-writes.server";

export interface OrderLineItem {
  productId: string | null;
  variantId: string | null;
  quantity: number;
  /** Unit price as a decimal string, in the order's currency. */
  price: string;
}

export interface ShopifyOrder {
  id: string;
  customerId?: string | null;
  processedAt?: Date | null;
  totalPrice: string;
  currency: string;
  financialStatus?: string | null;
  /** Left out by a source that does not carry them (the customers bulk query): the stored ones stay. */
  lineItems?: OrderLineItem[];
}

/** The columns an order is stored with (everything but shop and order id). */
export function orderColumns(shop: string, order: ShopifyOrder, sourceUpdatedAt: Date) {
  return {
    sourceUpdatedAt,
    customerId: order.customerId ?? null,
    customerAnalyticsRef: order.customerId ? customerAnalyticsRef({ shop, customerId: order.customerId }) : null,
    processedAt: order.processedAt ?? null,
    totalPrice: order.totalPrice,
    currency: order.currency,
    financialStatus: order.financialStatus ?? null,
    // Copied field by field: a caller passing Shopify's whole line item (title, properties that may
    // hold personal text) must not get the extra fields stored.
    ...(order.lineItems && {
      lineItems: JSON.stringify(
        order.lineItems.map(({ productId, variantId, quantity, price }) => ({ productId, variantId, quantity, price })),
      ),
    }),
  };
}

/** Stores the order unless a newer version is already stored. Returns whether it applied. */
export async function upsertOrder({
  db,
  shop,
  order,
  sourceUpdatedAt,
}: {
  db: Db;
  shop: string;
  order: ShopifyOrder;
  sourceUpdatedAt: Date;
}): Promise<{ applied: boolean }> {
  const data = orderColumns(shop, order, sourceUpdatedAt);
  const applied = await writeUnlessStale({
    update: () => db.order.updateMany({ where: { shop, orderId: order.id, sourceUpdatedAt: { lte: sourceUpdatedAt } }, data }),
    create: () => db.order.create({ data: { shop, orderId: order.id, lineItems: "[]", ...data } }),
  });
  return { applied };
}

export function orderFromRow(row: Order): ShopifyOrder & { sourceUpdatedAt: Date } {
  return {
    id: row.orderId,
    customerId: row.customerId,
    processedAt: row.processedAt,
    totalPrice: row.totalPrice,
    currency: row.currency,
    financialStatus: row.financialStatus,
    lineItems: JSON.parse(row.lineItems) as OrderLineItem[],
    sourceUpdatedAt: row.sourceUpdatedAt,
  };
}

const ORDER_PAGE = 1_000;

/**
 * The customer's orders, and the orders named by id (Shopify's orders_requested) that are stored
 * without a link to the customer (placed as a guest, or relinked). Read page by page and in bounded
 * batches: a customer may have any number of orders, and Shopify may name any number.
 */
export async function customerOrders({ db, shop, customerId, orderIds = [] }: { db: Db; shop: string; customerId: string; orderIds?: readonly string[] }) {
  const rows: Order[] = [];
  for (let after: string | undefined; ; ) {
    const page = await db.order.findMany({
      where: { shop, customerId, ...(after === undefined ? {} : { orderId: { gt: after } }) },
      orderBy: { orderId: "asc" },
      take: ORDER_PAGE,
    });
    rows.push(...page);
    if (page.length < ORDER_PAGE) break;
    after = page.at(-1)!.orderId;
  }
  for (const batch of batchesOf(orderIds)) {
    rows.push(
      ...(await db.order.findMany({
        where: { shop, orderId: { in: batch }, OR: [{ customerId: null }, { customerId: { not: customerId } }] },
        orderBy: { orderId: "asc" },
      })),
    );
  }
  return rows.map(orderFromRow);
}
