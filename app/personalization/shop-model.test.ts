import { describe, expect, it } from "vitest";
import { syntheticShop } from "../../harness/synthetic-shop";
import { fitShop, scoreCustomer, type CustomerLine, type Neighbour } from "./shop-model";

describe("shop model: the nightly fit and the real-time rescoring agree", () => {
  const lines = syntheticShop({ products: 400, orders: 4_000, customers: 700, categories: 8, seed: 7 });
  let asOf = 0;
  for (const t of lines.time) asOf = Math.max(asOf, t);
  asOf += 86_400_000;
  const fitted = fitShop(lines, asOf);
  const neighbours = new Map<string, Neighbour[]>(fitted.products.map((p) => [p.productId, p.neighbours]));
  const customerLines = (c: number): CustomerLine[] => {
    const own: CustomerLine[] = [];
    for (let i = 0; i < lines.customer.length; i++) {
      if (lines.customer[i] !== c) continue;
      own.push({ orderId: lines.orderIds[lines.order[i]!]!, productId: lines.productIds[lines.product[i]!]!, quantity: lines.quantity[i]!, unitPrice: lines.unitPrice[i]!, time: lines.time[i]! });
    }
    return own;
  };

  it("given a fitted shop, when a customer is rescored alone from their lines, then RFM, cluster, value and recommendations match the batch", () => {
    expect(fitted.model.bgNbd).not.toBeNull();
    expect(fitted.model.clusters).not.toBeNull();
    for (const c of [0, 1, 5, 50, 200, 401, 650]) {
      const batch = fitted.customers[c]!.insight;
      const alone = scoreCustomer(fitted.model, customerLines(c), neighbours, asOf);
      expect({ ...alone, probabilityAlive: 0, expectedPurchases90d: 0, predictedValue12m: 0, recommendedProducts: [] }).toEqual({ ...batch, probabilityAlive: 0, expectedPurchases90d: 0, predictedValue12m: 0, recommendedProducts: [] });
      expect(alone.predictedValue12m).toBeCloseTo(batch.predictedValue12m!, 6);
      expect(alone.probabilityAlive).toBeCloseTo(batch.probabilityAlive!, 9);
      expect(new Set(alone.recommendedProducts)).toEqual(new Set(batch.recommendedProducts));
      expect(alone.recommendedProducts).toHaveLength(10);
    }
  });

  it("given a customer who bought nothing yet, when rescored, then they are a prospect with the best sellers and no value prediction", () => {
    const prospect = scoreCustomer(fitted.model, [], neighbours, asOf);
    expect(prospect).toMatchObject({ rfmGroup: "PROSPECTS", recency: 0, cluster: null, predictedValue12m: null });
    expect(prospect.recommendedProducts).toHaveLength(10);
  });

  it("given the products a customer bought, then none of them is recommended back", () => {
    const own = customerLines(5);
    const bought = new Set(own.map((line) => line.productId));
    for (const product of scoreCustomer(fitted.model, own, neighbours, asOf).recommendedProducts) expect(bought.has(product)).toBe(false);
  });
});
