// Offline evaluation on a time split: train on earlier orders, judge the top 10 against the products
// each returning customer bought for the first time later.
import { lineItemsBetween, type LineItems } from "../line-items";
import { rankingMetrics, type Judged, type RankingMetrics } from "./metrics";
import { trainingData, type Recommender, type TrainingData } from "./recommender";
import { rowItems } from "./sparse";

export interface TestUser {
  user: number;
  customerId: string;
  relevant: Set<number>;
  relevantCount: number;
}

export interface EvaluationSet {
  data: TrainingData;
  train: LineItems;
  /** Customers in both periods with at least one product new to them in the test period. */
  testUsers: TestUser[];
}

/** Train and test may come from different files: customers and products are matched by their ids. */
export function evaluationSet(train: LineItems, test: LineItems): EvaluationSet {
  const data = trainingData(train);
  const customerIndex = new Map(train.customerIds.map((id, i) => [id, i]));
  const productIndex = new Map(train.productIds.map((id, i) => [id, i]));
  const boughtInTest = new Map<number, Set<string>>();
  for (let line = 0; line < test.customer.length; line++) {
    const user = customerIndex.get(test.customerIds[test.customer[line]!]!);
    if (user === undefined || rowItems(data.userItems, user).length === 0) continue;
    let products = boughtInTest.get(user);
    if (!products) boughtInTest.set(user, (products = new Set()));
    products.add(test.productIds[test.product[line]!]!);
  }
  const testUsers: TestUser[] = [];
  for (const [user, products] of [...boughtInTest].sort((a, b) => a[0] - b[0])) {
    const before = new Set(rowItems(data.userItems, user));
    const relevant = new Set<number>();
    let relevantCount = 0;
    for (const product of products) {
      const item = productIndex.get(product);
      if (item !== undefined && before.has(item)) continue;
      relevantCount++;
      if (item !== undefined) relevant.add(item);
    }
    if (relevantCount > 0) testUsers.push({ user, customerId: train.customerIds[user]!, relevant, relevantCount });
  }
  return { data, train, testUsers };
}

export interface Evaluated {
  metrics: RankingMetrics;
  /** Top k per test customer, as item indexes of the training data. */
  ranked: Int32Array[];
}

export function evaluate(recommender: Recommender, set: EvaluationSet, k = 10): Evaluated {
  const ranked = set.testUsers.map(({ user }) => recommender.recommend(user, k));
  const judged: Judged[] = set.testUsers.map((testUser, i) => ({ ranked: ranked[i]!, relevant: testUser.relevant, relevantCount: testUser.relevantCount }));
  return { metrics: rankingMetrics(judged, k, set.data.items), ranked };
}

/**
 * The training period's own time split for choosing hyperparameters: its last `span` ms (the test
 * period's length, or a third of the training period if that is longer than half of it) is held out.
 */
export function validationSet(train: LineItems, span: number): EvaluationSet {
  let start = Infinity;
  let end = -Infinity;
  for (const t of train.time) {
    start = Math.min(start, t);
    end = Math.max(end, t);
  }
  const held = span * 2 <= end - start ? span : (end - start) / 3;
  const cut = end - held;
  return evaluationSet(lineItemsBetween(train, start, cut), lineItemsBetween(train, cut, end + 1));
}
