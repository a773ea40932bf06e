// What every recommendation model is trained on, and the one operation the evaluation and the
// nightly build ask of it: the top k items for a customer, excluding what they already bought.
import type { LineItems } from "../line-items";
import { itemPopularity, popularityRanking } from "./popularity";
import { purchaseMatrix, rowItems, type Purchases, type SparseRows } from "./sparse";
import { TopK } from "./top-k";

export interface TrainingData {
  users: number;
  items: number;
  purchases: Purchases;
  /** Distinct (customer, product) purchases, value 1. */
  userItems: SparseRows;
  /** Latest purchase time in the training data (ms): "now" for recency weights. */
  end: number;
  /** Items by distinct buyers, most bought first: every model's fallback. */
  popular: Int32Array;
}

export interface Recommender {
  recommend(user: number, k: number): Int32Array;
}

export function trainingData(items: LineItems): TrainingData {
  const purchases = { row: items.customer, item: items.product, time: items.time };
  const users = items.customerIds.length;
  const itemCount = items.productIds.length;
  const userItems = purchaseMatrix(purchases, users, itemCount);
  let end = -Infinity;
  for (const t of items.time) if (t > end) end = t;
  return { users, items: itemCount, purchases, userItems, end, popular: popularityRanking(itemPopularity(userItems)) };
}

/**
 * Ranks candidates by `score` (items the customer bought are skipped), then tops up from the popularity
 * ranking so that every customer, even one with no history, gets k items.
 */
export function rankForUser(data: TrainingData, user: number, k: number, candidates: ArrayLike<number>, score: (item: number) => number, seen: Uint8Array): Int32Array {
  const bought = user < data.users ? rowItems(data.userItems, user) : new Int32Array(0);
  for (const item of bought) seen[item] = 1;
  const top = new TopK(k);
  for (let c = 0; c < candidates.length; c++) {
    const item = candidates[c]!;
    if (!seen[item]) top.push(item, score(item));
  }
  const ranked = [...top.sorted().ids];
  for (const item of ranked) seen[item] = 1;
  for (let p = 0; p < data.popular.length && ranked.length < k; p++) {
    const item = data.popular[p]!;
    if (!seen[item]) {
      ranked.push(item);
      seen[item] = 1;
    }
  }
  for (const item of bought) seen[item] = 0;
  for (const item of ranked) seen[item] = 0;
  return Int32Array.from(ranked);
}
