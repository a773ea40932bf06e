// "Frequently bought together" per product: cosine similarity over order baskets (not customers), so
// it reflects what goes into the same cart. Pairs seen in fewer than `minOrders` orders are dropped.
import type { LineItems } from "../line-items";
import { itemNeighbours } from "./item-neighbours";
import { purchaseMatrix, type SparseRows } from "./sparse";

export interface FrequentlyBoughtTogetherOptions {
  k?: number;
  minOrders?: number;
}

/** Row p holds up to k products bought in the same orders as p, most strongly associated first. */
export function frequentlyBoughtTogether(items: LineItems, { k = 10, minOrders = 2 }: FrequentlyBoughtTogetherOptions = {}): SparseRows {
  const baskets = purchaseMatrix({ row: items.order, item: items.product, time: items.time }, items.orderIds.length, items.productIds.length);
  return itemNeighbours(baskets, { k, minCooccurrence: minOrders });
}
