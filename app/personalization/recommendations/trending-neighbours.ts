// The shop's recommendation model: item neighbours (sparse, top-k) scored from the customer's
// history with recent purchases weighing more, blended with what is selling now. Retail catalogues
// drift with the seasons; a customer's last orders and the current best sellers say more about their
// next order than their purchases of a year ago. Everything is sparse: memory grows with
// items × neighbours and build time with Σ (items per customer)², never with items².
import { sparseNeighbourRecommender } from "./baselines";
import { itemNeighbours } from "./item-neighbours";
import { itemPopularity, popularityRanking } from "./popularity";
import type { Recommender, TrainingData } from "./recommender";
import { purchaseMatrix, type SparseRows } from "./sparse";

const DAY_MS = 86_400_000;

export interface TrendingNeighboursOptions {
  /** Neighbours kept per item. */
  neighbours: number;
  /**
   * Each customer's co-purchases count 1 / (items they bought)^γ in the similarities, so that a few
   * wholesale-sized baskets do not decide which products are "similar" for everyone.
   */
  heavyBuyerDamping: number;
  /** Asymmetric cosine exponent (½ = cosine). */
  alpha: number;
  /** A purchase this many days before the end of the data counts half as much in the customer's history. */
  historyHalfLifeDays: number;
  /** The same for "selling now": recency-weighted buyers per item. */
  trendHalfLifeDays: number;
  /** Weight of "selling now" (scaled to [0, 1]) next to the neighbour score (scaled to [0, 1] per customer). */
  trendWeight: number;
}

export const DEFAULT_TRENDING_NEIGHBOURS: TrendingNeighboursOptions = {
  neighbours: 40,
  heavyBuyerDamping: 0.5,
  alpha: 0.5,
  historyHalfLifeDays: 60,
  trendHalfLifeDays: 7,
  trendWeight: 0.5,
};

/** How many of the currently best-selling items every customer also gets as candidates. */
export const TREND_CANDIDATES = 200;

export interface TrendingNeighboursModel {
  /** Items × items: each item's top-k neighbours, best first. */
  similar: SparseRows;
  /** Per item, recency-weighted buyers scaled to [0, 1]. */
  trend: Float64Array;
  /** The TREND_CANDIDATES items with the highest trend, best first. */
  trending: Int32Array;
}

/** Everything the model learns from the shop; scoring one customer needs only this and their history. */
export function fitTrendingNeighbours(data: TrainingData, options: TrendingNeighboursOptions = DEFAULT_TRENDING_NEIGHBOURS): TrendingNeighboursModel {
  const damped = { ...data.userItems, value: Float32Array.from(data.userItems.value) };
  for (let u = 0; u < damped.rows; u++) {
    const weight = Math.pow(Math.max(1, damped.ptr[u + 1]! - damped.ptr[u]!), -options.heavyBuyerDamping);
    damped.value.fill(weight, damped.ptr[u]!, damped.ptr[u + 1]!);
  }
  const similar = itemNeighbours(damped, { k: options.neighbours, alpha: options.alpha });
  const trend = itemPopularity(purchaseMatrix(data.purchases, data.users, data.items, halfLifeWeight(data.end, options.trendHalfLifeDays)));
  let maxTrend = 0;
  for (const t of trend) maxTrend = Math.max(maxTrend, t);
  for (let i = 0; i < trend.length; i++) trend[i] = trend[i]! / (maxTrend || 1);
  return { similar, trend, trending: popularityRanking(trend).subarray(0, TREND_CANDIDATES) };
}

/** A purchase `halfLifeDays` before `end` weighs ½. Scores are scaled per customer, so `end` only needs to be the same for all of one customer's purchases. */
export function halfLifeWeight(end: number, halfLifeDays: number) {
  return (time: number) => Math.pow(0.5, (end - time) / (halfLifeDays * DAY_MS));
}

/** The blend both the nightly build and the real-time rescoring rank by. */
export function blendedScore(raw: number, maxRaw: number, trend: number, trendWeight: number): number {
  return (maxRaw > 0 ? raw / maxRaw : 0) + trendWeight * trend;
}

export function trendingNeighboursRecommender(
  data: TrainingData,
  options: TrendingNeighboursOptions = DEFAULT_TRENDING_NEIGHBOURS,
  { similar, trend, trending }: TrendingNeighboursModel = fitTrendingNeighbours(data, options),
): Recommender {
  const history = purchaseMatrix(data.purchases, data.users, data.items, halfLifeWeight(data.end, options.historyHalfLifeDays));
  return sparseNeighbourRecommender(
    data,
    (user, add) => {
      if (user >= data.users) return;
      for (let h = history.ptr[user]!; h < history.ptr[user + 1]!; h++) {
        const i = history.index[h]!;
        const weight = history.value[h]!;
        for (let e = similar.ptr[i]!; e < similar.ptr[i + 1]!; e++) add(similar.index[e]!, weight * similar.value[e]!);
      }
    },
    trending,
    (item, raw, maxRaw) => blendedScore(raw, maxRaw, trend[item]!, options.trendWeight),
  );
}
