// Top-k ranking metrics with binary relevance (one relevant item = one product the customer bought for
// the first time in the test period).

export interface RankingMetrics {
  hitRate: number;
  precision: number;
  recall: number;
  ndcg: number;
  /** Share of the catalogue that appears in at least one customer's top k. */
  coverage: number;
}

export interface Judged {
  ranked: ArrayLike<number>;
  /** Relevant items that the model could recommend (in the training catalogue). */
  relevant: Set<number>;
  /** All relevant items, including products the training data never saw (recall's denominator). */
  relevantCount: number;
}

export function rankingMetrics(judged: Judged[], k: number, catalogueSize: number): RankingMetrics {
  let hits = 0;
  let precision = 0;
  let recall = 0;
  let ndcg = 0;
  const recommended = new Set<number>();
  for (const { ranked, relevant, relevantCount } of judged) {
    let found = 0;
    let dcg = 0;
    for (let r = 0; r < Math.min(k, ranked.length); r++) {
      recommended.add(ranked[r]!);
      if (relevant.has(ranked[r]!)) {
        found++;
        dcg += 1 / Math.log2(r + 2);
      }
    }
    let ideal = 0;
    for (let r = 0; r < Math.min(k, relevantCount); r++) ideal += 1 / Math.log2(r + 2);
    if (found > 0) hits++;
    precision += found / k;
    recall += relevantCount > 0 ? found / relevantCount : 0;
    ndcg += ideal > 0 ? dcg / ideal : 0;
  }
  const users = judged.length || 1;
  return { hitRate: hits / users, precision: precision / users, recall: recall / users, ndcg: ndcg / users, coverage: recommended.size / (catalogueSize || 1) };
}
