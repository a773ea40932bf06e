import { describe, expect, it } from "vitest";
import { lineItemsBetween, type LineItems } from "../line-items";
import { easeRecommender, itemKnnRecommender, popularityRecommender } from "./baselines";
import { invertSymmetricPositiveDefinite } from "./ease";
import { frequentlyBoughtTogether } from "./frequently-bought-together";
import { itemNeighbours } from "./item-neighbours";
import { rankingMetrics } from "./metrics";
import { trainingData } from "./recommender";
import { purchaseMatrix, rowItems, transpose } from "./sparse";
import { trendingNeighboursRecommender } from "./trending-neighbours";

const DAY = 86_400_000;

/** Line items from (customer, order, product, day) tuples. */
function lineItems(rows: [string, string, string, number][]): LineItems {
  const ids = (column: number) => [...new Set(rows.map((row) => row[column] as string))];
  const customerIds = ids(0);
  const orderIds = ids(1);
  const productIds = ids(2);
  return {
    customer: Int32Array.from(rows, (row) => customerIds.indexOf(row[0])),
    order: Int32Array.from(rows, (row) => orderIds.indexOf(row[1])),
    product: Int32Array.from(rows, (row) => productIds.indexOf(row[2])),
    time: Float64Array.from(rows, (row) => row[3] * DAY),
    quantity: new Float64Array(rows.length).fill(1),
    unitPrice: new Float64Array(rows.length).fill(1),
    customerIds,
    productIds,
    orderIds,
  };
}

// Customers a, b, c buy mugs (M) with tea (T); b and c also buy cake (C); d only bought a kettle (K).
const shop = lineItems([
  ["a", "o1", "M", 1], ["a", "o1", "T", 1],
  ["b", "o2", "M", 2], ["b", "o2", "T", 2], ["b", "o3", "C", 9],
  ["c", "o4", "M", 3], ["c", "o4", "T", 3], ["c", "o4", "C", 3], ["c", "o5", "M", 8],
  ["d", "o6", "K", 5],
]);
const product = (id: string) => shop.productIds.indexOf(id);
const customer = (id: string) => shop.customerIds.indexOf(id);

describe("sparse purchase matrices", () => {
  it("given repeated purchases of one product, when the matrix is built, then it holds one entry valued at the latest purchase", () => {
    const m = purchaseMatrix({ row: shop.customer, item: shop.product, time: shop.time }, 4, 4, (t) => t / DAY);
    const c = customer("c");
    expect([...rowItems(m, c)].sort()).toEqual([product("M"), product("T"), product("C")].sort());
    expect(m.value[m.ptr[c]! + [...rowItems(m, c)].indexOf(product("M"))]).toBe(8);
    const t = transpose(m);
    expect([...rowItems(t, product("C"))].sort()).toEqual([customer("b"), customer("c")].sort());
  });

  it("given co-purchases, when item neighbours are built, then cosine values are the hand-computed ones and k is respected", () => {
    const data = trainingData(shop);
    const neighbours = itemNeighbours(data.userItems, { k: 1 });
    // M and T: 3 common buyers of 3 each → 1; M and C: 2 / √(3·2).
    expect([...rowItems(neighbours, product("M"))]).toEqual([product("T")]);
    expect(neighbours.value[neighbours.ptr[product("M")]!]).toBeCloseTo(1, 6);
    const all = itemNeighbours(data.userItems, { k: 5 });
    const fromC = [...rowItems(all, product("C"))];
    expect(all.value[all.ptr[product("C")]! + fromC.indexOf(product("M"))]).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(fromC).not.toContain(product("K"));
  });
});

describe("recommenders", () => {
  const data = trainingData(shop);

  it("given a customer, when any model recommends, then nothing they bought is recommended and the list is filled", () => {
    for (const recommender of [popularityRecommender(data), itemKnnRecommender(data, 10), easeRecommender(data, 1), trendingNeighboursRecommender(data)]) {
      const ranked = [...recommender.recommend(customer("a"), 2)];
      expect(ranked).toHaveLength(2);
      expect(ranked).not.toContain(product("M"));
      expect(ranked).not.toContain(product("T"));
      expect(ranked[0]).toBe(product("C"));
    }
  });

  it("given a customer unknown to the training data, when recommending, then the popularity fallback is used", () => {
    const ranked = itemKnnRecommender(data, 10).recommend(data.users + 5, 3);
    expect([...ranked]).toEqual([product("M"), product("T"), product("C")]);
  });

  it("given a symmetric positive-definite matrix, when inverted through Cholesky, then A · A⁻¹ = I", () => {
    const a = Float64Array.of(4, 2, 0.6, 2, 5, 1, 0.6, 1, 3);
    const inverse = invertSymmetricPositiveDefinite(Float64Array.from(a), 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let sum = 0;
        for (let k = 0; k < 3; k++) sum += a[i * 3 + k]! * inverse[k * 3 + j]!;
        expect(sum).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    expect(() => invertSymmetricPositiveDefinite(Float64Array.of(1, 2, 2, 1), 2)).toThrow(/positive definite/);
  });

  it("given orders, when frequently-bought-together is built, then only products sharing at least two orders are paired", () => {
    const together = frequentlyBoughtTogether(shop, { k: 5, minOrders: 2 });
    expect([...rowItems(together, product("M"))]).toEqual([product("T")]);
    expect([...rowItems(together, product("C"))]).toEqual([]);
    expect(lineItemsBetween(shop, 0, 4 * DAY).customer.length).toBe(7);
  });
});

describe("ranking metrics", () => {
  it("given hand-checked rankings, when scored at 3, then hit rate, precision, recall, NDCG and coverage are exact", () => {
    const metrics = rankingMetrics(
      [
        { ranked: [1, 2, 3], relevant: new Set([2]), relevantCount: 2 }, // hit at rank 2; one relevant product unseen in training
        { ranked: [1, 4, 5], relevant: new Set([9]), relevantCount: 1 },
      ],
      3,
      10,
    );
    expect(metrics.hitRate).toBe(0.5);
    expect(metrics.precision).toBeCloseTo(1 / 6, 12);
    expect(metrics.recall).toBeCloseTo(0.25, 12);
    expect(metrics.ndcg).toBeCloseTo((1 / Math.log2(3) / (1 + 1 / Math.log2(3))) / 2, 12);
    expect(metrics.coverage).toBe(0.5);
  });
});
