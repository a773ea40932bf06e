// A shop's personalization in one fit: RFM cut points, behaviour clusters, BG/NBD + Gamma-Gamma,
// the recommendation model and "frequently bought together", plus every customer's results. What is
// kept of the fit (ShopModel) is small and JSON-safe, so one customer can be rescored later, alone,
// from their own purchases and the neighbours of the products they bought (real time, decision 014).
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParameters } from "./bg-nbd";
import { behaviourScaling, clusterCustomers, scaleBehaviour, type BehaviourScaling, type ClusterTraits } from "./customer-clusters";
import { summariseCustomers } from "./customer-summary";
import { predictCustomerValue } from "./customer-value";
import { fitGammaGamma, type GammaGammaParameters } from "./gamma-gamma";
import { nearestCentroid } from "./kmeans";
import type { LineItems } from "./line-items";
import { rfmGroup, scoreRfm, RFM_GROUPS, type RfmGroup } from "./rfm";
import { frequentlyBoughtTogether } from "./recommendations/frequently-bought-together";
import { trainingData } from "./recommendations/recommender";
import { rowItems } from "./recommendations/sparse";
import { blendedScore, DEFAULT_TRENDING_NEIGHBOURS, fitTrendingNeighbours, halfLifeWeight, trendingNeighboursRecommender, type TrendingNeighboursOptions } from "./recommendations/trending-neighbours";
import { TopK } from "./recommendations/top-k";

const DAY_MS = 86_400_000;
const PERIODS_PER_MONTH = 30.4375;
export const RECOMMENDATIONS_PER_CUSTOMER = 10;
const POPULAR_KEPT = 50;
/** Below this many customers the fits say nothing reliable: scores are given, models are not. */
const MIN_CUSTOMERS_FOR_FITS = 20;

export interface ShopModel {
  asOf: number;
  /**
   * Quintile cut points: a value strictly above c_s scores at least s + 1 (s = 1…4), which gives the
   * same scores as rfm.ts's quintile() over the shop's customers. Recency is in negated days.
   */
  rfmCuts: { recency: number[]; frequency: number[]; monetary: number[] };
  /** `traits` is absent from models stored before the admin worded clusters in its own language. */
  clusters: { scaling: BehaviourScaling; centroids: number[]; k: number; labels: string[]; traits?: ClusterTraits[] } | null;
  bgNbd: BgNbdParameters | null;
  gammaGamma: GammaGammaParameters | null;
  /** Best sellers now, [productId, trend in 0…1]: candidates for everyone. */
  trending: [string, number][];
  /** By distinct buyers: tops up a short list. */
  popular: string[];
  recommender: TrendingNeighboursOptions;
}

export interface CustomerInsightValues {
  recency: number;
  frequency: number;
  monetary: number;
  rfmGroup: RfmGroup;
  cluster: number | null;
  clusterLabel: string | null;
  probabilityAlive: number | null;
  expectedPurchases90d: number | null;
  predictedValue12m: number | null;
  recommendedProducts: string[];
}

export interface ProductAffinityValues {
  productId: string;
  /** [productId, similarity, that product's trend in 0…1] best first. */
  neighbours: Neighbour[];
  boughtTogether: string[];
}

export interface FittedShop {
  model: ShopModel;
  /** One per customer of `lines` (customerIds are the customers' references). */
  customers: { customerRef: string; insight: CustomerInsightValues }[];
  products: ProductAffinityValues[];
}

export type Neighbour = [productId: string, similarity: number, trend: number];

/** One purchased line of one customer, as the real-time rescoring reads it. */
export interface CustomerLine {
  orderId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  time: number;
}

function cutPoints(sorted: Float64Array): number[] {
  const n = sorted.length;
  return [1, 2, 3, 4].map((s) => (n === 0 ? Infinity : sorted[Math.max(0, Math.ceil((s * n) / 5) - 1)]!));
}

const scoreOnCuts = (cuts: number[], value: number) => 1 + cuts.filter((cut) => value > cut).length;

function lifetimeValue(model: ShopModel, summary: { orders: number; amountSpent: number; daysSinceFirstOrder: number; daysFirstToLastOrder: number }) {
  if (!model.bgNbd || summary.orders === 0) return { probabilityAlive: null, expectedPurchases90d: null, predictedValue12m: null };
  const history = { x: summary.orders - 1, tx: summary.daysFirstToLastOrder, T: summary.daysSinceFirstOrder };
  return {
    probabilityAlive: probabilityAlive(model.bgNbd, history),
    expectedPurchases90d: expectedPurchases(model.bgNbd, history, 90),
    predictedValue12m: model.gammaGamma
      ? predictCustomerValue({ bgNbd: model.bgNbd, gammaGamma: model.gammaGamma, customer: { ...history, meanValue: summary.amountSpent / summary.orders }, periodsPerMonth: PERIODS_PER_MONTH })
      : null,
  };
}

function cluster(model: ShopModel, summary: { daysSinceLastOrder: number; orders: number; amountSpent: number }) {
  if (!model.clusters) return { cluster: null, clusterLabel: null };
  const { scaling, centroids, k, labels } = model.clusters;
  const point = { data: Float64Array.from(scaleBehaviour(scaling, summary)), rows: 1, cols: scaling.mean.length };
  const [nearest] = nearestCentroid(point, 0, Float64Array.from(centroids), k);
  return { cluster: nearest, clusterLabel: labels[nearest]! };
}

/**
 * BG/NBD and Gamma-Gamma on the customers who bought at least once: the models describe what happens
 * after a first purchase, and a customer without orders (x = −1) has no place in their likelihood.
 */
function fitLifetimeValue(summaries: ReturnType<typeof summariseCustomers>): { bgNbd: BgNbdParameters | null; gammaGamma: GammaGammaParameters | null } {
  const buyers: number[] = [];
  for (let i = 0; i < summaries.orders.length; i++) if (summaries.orders[i]! > 0) buyers.push(i);
  if (buyers.length < MIN_CUSTOMERS_FOR_FITS) return { bgNbd: null, gammaGamma: null };
  const bgNbd = fitBgNbd({
    x: Float64Array.from(buyers, (i) => summaries.orders[i]! - 1),
    tx: Float64Array.from(buyers, (i) => summaries.daysFirstToLastOrder[i]!),
    T: Float64Array.from(buyers, (i) => summaries.daysSinceFirstOrder[i]!),
  }).parameters;
  const repeat = buyers.filter((i) => summaries.orders[i]! > 1);
  if (repeat.length < MIN_CUSTOMERS_FOR_FITS) return { bgNbd, gammaGamma: null };
  const gammaGamma = fitGammaGamma({
    x: Float64Array.from(repeat, (i) => summaries.orders[i]!),
    meanValue: Float64Array.from(repeat, (i) => summaries.amountSpent[i]! / summaries.orders[i]!),
  }).parameters;
  return { bgNbd, gammaGamma };
}

/** Fits everything on the shop's lines (consenting customers only: the caller's job) as of `asOf`. */
export function fitShop(lines: LineItems, asOf: number, recommender: TrendingNeighboursOptions = DEFAULT_TRENDING_NEIGHBOURS): FittedShop {
  const summaries = summariseCustomers(lines, asOf);
  const n = summaries.orders.length;
  const rfm = scoreRfm(summaries);
  const sorted = (values: Float64Array, sign: number) => Float64Array.from(values, (v) => sign * v).sort();
  const clusters = n > MIN_CUSTOMERS_FOR_FITS ? clusterCustomers(summaries) : null;

  const data = trainingData(lines);
  const fitted = fitTrendingNeighbours(data, recommender);
  const model: ShopModel = {
    asOf,
    rfmCuts: { recency: cutPoints(sorted(summaries.daysSinceLastOrder, -1)), frequency: cutPoints(sorted(summaries.orders, 1)), monetary: cutPoints(sorted(summaries.amountSpent, 1)) },
    clusters: clusters && { scaling: behaviourScaling(summaries), centroids: [...clusters.centroids], k: clusters.k, labels: clusters.descriptions.map((d) => d.label), traits: clusters.descriptions.map((d) => d.traits) },
    ...fitLifetimeValue(summaries),
    trending: [...fitted.trending].map((item) => [lines.productIds[item]!, fitted.trend[item]!]),
    popular: [...data.popular.subarray(0, POPULAR_KEPT)].map((item) => lines.productIds[item]!),
    recommender,
  };

  const recommend = trendingNeighboursRecommender(data, recommender, fitted);
  const customers = lines.customerIds.map((customerRef, c) => {
    const summary = { orders: summaries.orders[c]!, amountSpent: summaries.amountSpent[c]!, daysSinceLastOrder: summaries.daysSinceLastOrder[c]!, daysSinceFirstOrder: summaries.daysSinceFirstOrder[c]!, daysFirstToLastOrder: summaries.daysFirstToLastOrder[c]! };
    const insight: CustomerInsightValues = {
      recency: rfm.recency[c]!,
      frequency: rfm.frequency[c]!,
      monetary: rfm.monetary[c]!,
      rfmGroup: RFM_GROUPS[rfm.group[c]!]!,
      ...(clusters ? { cluster: clusters.assignment[c]!, clusterLabel: model.clusters!.labels[clusters.assignment[c]!]! } : { cluster: null, clusterLabel: null }),
      ...lifetimeValue(model, summary),
      recommendedProducts: [...recommend.recommend(c, RECOMMENDATIONS_PER_CUSTOMER)].map((item) => lines.productIds[item]!),
    };
    return { customerRef, insight };
  });

  const together = frequentlyBoughtTogether(lines);
  const products = lines.productIds.map((productId, item) => ({
    productId,
    neighbours: [...rowItems(fitted.similar, item)].map((j, e): Neighbour => [lines.productIds[j]!, fitted.similar.value[fitted.similar.ptr[item]! + e]!, fitted.trend[j]!]),
    boughtTogether: [...rowItems(together, item)].map((j) => lines.productIds[j]!),
  }));
  return { model, customers, products };
}

/**
 * One customer from their own lines and the stored model: the same RFM cut points, clusters, value
 * models and recommendation blend as the nightly fit. `neighbours` holds the stored neighbours of
 * the products they bought (products the last fit did not know have none yet).
 */
export function scoreCustomer(model: ShopModel, lines: readonly CustomerLine[], neighbours: ReadonlyMap<string, Neighbour[]>, now: number): CustomerInsightValues {
  const orders = new Set(lines.map((line) => line.orderId)).size;
  let first = Infinity;
  let last = -Infinity;
  let amountSpent = 0;
  for (const line of lines) {
    first = Math.min(first, line.time);
    last = Math.max(last, line.time);
    amountSpent += line.quantity * line.unitPrice;
  }
  const days = (ms: number) => (orders > 0 ? ms / DAY_MS : 0);
  const summary = { orders, amountSpent, daysSinceLastOrder: days(now - last), daysSinceFirstOrder: days(now - first), daysFirstToLastOrder: days(last - first) };
  const recency = orders ? scoreOnCuts(model.rfmCuts.recency, -summary.daysSinceLastOrder) : 0;
  const frequency = orders ? scoreOnCuts(model.rfmCuts.frequency, orders) : 0;
  const monetary = orders ? scoreOnCuts(model.rfmCuts.monetary, amountSpent) : 0;
  return {
    recency,
    frequency,
    monetary,
    rfmGroup: orders ? rfmGroup(recency, frequency, monetary) : "PROSPECTS",
    ...(orders ? cluster(model, summary) : { cluster: null, clusterLabel: null }),
    ...lifetimeValue(model, summary),
    recommendedProducts: recommendFor(model, lines, neighbours),
  };
}

function recommendFor(model: ShopModel, lines: readonly CustomerLine[], neighbours: ReadonlyMap<string, Neighbour[]>): string[] {
  const latest = new Map<string, number>();
  for (const line of lines) latest.set(line.productId, Math.max(latest.get(line.productId) ?? -Infinity, line.time));
  const end = Math.max(...latest.values());
  const weight = halfLifeWeight(end, model.recommender.historyHalfLifeDays);
  const raw = new Map<string, number>();
  const trend = new Map(model.trending);
  for (const [product, time] of latest) {
    for (const [other, similarity, otherTrend] of neighbours.get(product) ?? []) {
      raw.set(other, (raw.get(other) ?? 0) + weight(time) * similarity);
      trend.set(other, otherTrend);
    }
  }
  for (const [product] of model.trending) if (!raw.has(product)) raw.set(product, 0);
  let maxRaw = 0;
  for (const value of raw.values()) maxRaw = Math.max(maxRaw, value);
  const ids = [...raw.keys()].filter((product) => !latest.has(product));
  const top = new TopK(RECOMMENDATIONS_PER_CUSTOMER);
  ids.forEach((product, i) => top.push(i, blendedScore(raw.get(product)!, maxRaw, trend.get(product) ?? 0, model.recommender.trendWeight)));
  const ranked = [...top.sorted().ids].map((i) => ids[i]!);
  for (const product of model.popular) {
    if (ranked.length >= RECOMMENDATIONS_PER_CUSTOMER) break;
    if (!latest.has(product) && !ranked.includes(product)) ranked.push(product);
  }
  return ranked;
}
