// Purchase history in the shape the models read: one row per order line, the customer named only by
// their subject reference (a keyed hash), so reading a whole shop's history never reads a customer id.
// Written from order webhooks and the full sync's orders → line items query; replaced when the order
// is stored again (an edited order, a later delivery), so the lines are always the order's current ones.
import type { Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import { subjectRef } from "../privacy/privacy-keys.server";
import type { LineItems } from "./line-items";
import type { CustomerLine } from "./shop-model";

export interface OrderLines {
  orderId: string;
  customerId: string | null;
  /** When the order was placed; the time the models see. */
  purchasedAt: Date;
  lineItems: { productId: string | null; variantId: string | null; quantity: number; price: string }[];
}

/**
 * Replaces the order's stored lines. Lines without a product (custom items, deleted products) and
 * orders without a customer (guest checkouts) give the models nothing to learn about a person: none is stored.
 */
export async function storeOrderLines({ db, shop, order }: { db: Db; shop: string; order: OrderLines }) {
  const customerRef = order.customerId ? subjectRef({ shop, customerId: order.customerId }) : null;
  const rows = customerRef
    ? order.lineItems.flatMap(({ productId, variantId, quantity, price }, line) =>
        productId && quantity > 0 ? [{ shop, orderId: order.orderId, line, customerRef, productId, variantId, quantity, unitPrice: Number(price), purchasedAt: order.purchasedAt }] : [],
      )
    : [];
  await db.$transaction([db.purchaseLine.deleteMany({ where: { shop, orderId: order.orderId } }), ...(rows.length ? [db.purchaseLine.createMany({ data: rows })] : [])]);
  return { lines: rows.length };
}

export async function customerPurchaseLines({ db, shop, customerRef }: { db: Db; shop: string; customerRef: string }): Promise<CustomerLine[]> {
  const rows = await db.purchaseLine.findMany({ where: { shop, customerRef }, select: { orderId: true, productId: true, quantity: true, unitPrice: true, purchasedAt: true } });
  return rows.map((row) => ({ orderId: row.orderId, productId: row.productId, quantity: row.quantity, unitPrice: row.unitPrice, time: row.purchasedAt.getTime() }));
}

const PAGE = 10_000;

/**
 * The shop's lines of the given customers (references), as the models' typed columns. Read page by
 * page in key order; ids become dense indexes as they are met.
 */
export async function shopLineItems({ db, shop, customerRefs }: { db: Db; shop: string; customerRefs: ReadonlySet<string> }): Promise<LineItems> {
  const index = (ids: string[], map: Map<string, number>, id: string) => {
    let at = map.get(id);
    if (at === undefined) map.set(id, (at = ids.push(id) - 1));
    return at;
  };
  const customers = new Map<string, number>();
  const products = new Map<string, number>();
  const orders = new Map<string, number>();
  const items: LineItems = { customer: new Int32Array(0), product: new Int32Array(0), order: new Int32Array(0), time: new Float64Array(0), quantity: new Float64Array(0), unitPrice: new Float64Array(0), customerIds: [], productIds: [], orderIds: [] };
  const columns = { customer: [] as number[], product: [] as number[], order: [] as number[], time: [] as number[], quantity: [] as number[], unitPrice: [] as number[] };
  let cursor: { orderId: string; line: number } | undefined;
  for (;;) {
    const page = await db.purchaseLine.findMany({
      where: { shop, ...(cursor && { OR: [{ orderId: { gt: cursor.orderId } }, { orderId: cursor.orderId, line: { gt: cursor.line } }] }) },
      orderBy: [{ orderId: "asc" }, { line: "asc" }],
      take: PAGE,
      select: { orderId: true, line: true, customerRef: true, productId: true, quantity: true, unitPrice: true, purchasedAt: true },
    });
    for (const row of page) {
      if (!customerRefs.has(row.customerRef)) continue;
      columns.customer.push(index(items.customerIds, customers, row.customerRef));
      columns.product.push(index(items.productIds, products, row.productId));
      columns.order.push(index(items.orderIds, orders, row.orderId));
      columns.time.push(row.purchasedAt.getTime());
      columns.quantity.push(row.quantity);
      columns.unitPrice.push(row.unitPrice);
    }
    if (page.length < PAGE) break;
    cursor = page.at(-1)!;
  }
  return {
    ...items,
    customer: Int32Array.from(columns.customer),
    product: Int32Array.from(columns.product),
    order: Int32Array.from(columns.order),
    time: Float64Array.from(columns.time),
    quantity: Float64Array.from(columns.quantity),
    unitPrice: Float64Array.from(columns.unitPrice),
  };
}

/** Removes the lines of the given orders (a customer's erasure names them) and of the customer's reference. */
export async function erasePurchaseLines({ db, shop, customerRef, orderIds }: { db: Db; shop: string; customerRef: string; orderIds: readonly string[] }) {
  let count = (await db.purchaseLine.deleteMany({ where: { shop, customerRef } })).count;
  for (const batch of batchesOf(orderIds)) count += (await db.purchaseLine.deleteMany({ where: { shop, orderId: { in: batch } } })).count;
  return count;
}
