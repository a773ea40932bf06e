// The analytics dataset's order tables: orders, their lines and the products they name. Customers
// appear only as their analytics reference (a keyed hash stored with the order, see analyticsRef);
// orders carry no names, addresses or notes because the app never stores them (app/vault/orders.server.ts).
import type { Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import type { AnalyticsTable } from "./analytics-table.server";
import { orderPagesWithLines } from "./order-pages.server";

export const ordersTable: AnalyticsTable = {
  name: "orders",
  columns: [
    { name: "order_id", type: "string" },
    { name: "customer_ref", type: "string", nullable: true },
    { name: "processed_at", type: "timestamp", nullable: true },
    { name: "total_price", type: "double" },
    { name: "currency", type: "string" },
    { name: "financial_status", type: "string", nullable: true },
    { name: "line_count", type: "int" },
  ],
  async *batches({ db, shop }) {
    for await (const orders of orderPagesWithLines({ db, shop })) {
      yield orders.map((order) => ({
        order_id: order.orderId,
        customer_ref: order.customerAnalyticsRef,
        processed_at: order.processedAt,
        total_price: Number(order.totalPrice),
        currency: order.currency,
        financial_status: order.financialStatus,
        line_count: order.lines.length,
      }));
    }
  },
};

export const orderLinesTable: AnalyticsTable = {
  name: "order_lines",
  columns: [
    { name: "order_id", type: "string" },
    { name: "line", type: "int" },
    { name: "product_id", type: "string", nullable: true },
    { name: "variant_id", type: "string", nullable: true },
    { name: "quantity", type: "int" },
    { name: "unit_price", type: "double" },
  ],
  async *batches({ db, shop }) {
    for await (const orders of orderPagesWithLines({ db, shop })) {
      yield orders.flatMap((order) =>
        order.lines.map((line, index) => ({ order_id: order.orderId, line: index, product_id: line.productId, variant_id: line.variantId, quantity: line.quantity, unit_price: line.unitPrice })),
      );
    }
  },
};

interface ProductFacts {
  variants: Set<string>;
  units: number;
  orders: number;
}

/** Per product: facts summed over every order line. A catalogue is small next to its orders, so it is summed in memory. */
async function productFacts({ db, shop }: { db: Db; shop: string }) {
  const products = new Map<string, ProductFacts>();
  for await (const orders of orderPagesWithLines({ db, shop })) {
    for (const order of orders) {
      const seen = new Set<string>();
      for (const { productId, variantId, quantity } of order.lines) {
        if (productId === null) continue;
        const facts = products.get(productId) ?? { variants: new Set<string>(), units: 0, orders: 0 };
        products.set(productId, facts);
        if (variantId !== null) facts.variants.add(variantId);
        facts.units += quantity;
        if (!seen.has(productId)) facts.orders += 1;
        seen.add(productId);
      }
    }
  }
  return products;
}

const PRODUCT_BATCH = 2_000;

export const productsTable: AnalyticsTable = {
  name: "products",
  columns: [
    { name: "product_id", type: "string" },
    { name: "variant_count", type: "int" },
    { name: "units_sold", type: "int" },
    { name: "order_count", type: "int" },
    { name: "bought_together", type: "string", nullable: true },
  ],
  async *batches({ db, shop }) {
    const products = await productFacts({ db, shop });
    const ids = [...products.keys()].sort();
    for (let start = 0; start < ids.length; start += PRODUCT_BATCH) {
      const slice = ids.slice(start, start + PRODUCT_BATCH);
      const boughtTogether = new Map<string, string>();
      for (const batch of batchesOf(slice)) {
        const rows = await db.productAffinity.findMany({ where: { shop, productId: { in: batch } }, select: { productId: true, boughtTogether: true } });
        for (const row of rows) boughtTogether.set(row.productId, row.boughtTogether);
      }
      yield slice.map((id) => {
        const facts = products.get(id)!;
        return { product_id: id, variant_count: facts.variants.size, units_sold: facts.units, order_count: facts.orders, bought_together: boughtTogether.get(id) ?? null };
      });
    }
  },
};
