// Behaviour clusters for merchants: k-means++ on standardised log features (recency, orders, spend),
// k chosen by silhouette, each cluster named in plain words.
import { kmeans, silhouette, type KMeansResult, type Points } from "./kmeans";
import { sampleIndexes, seededRandom } from "./prng";

export interface BehaviourInput {
  daysSinceLastOrder: Float64Array;
  orders: Float64Array;
  amountSpent: Float64Array;
}

export interface ClusterOptions {
  seed?: number;
  minK?: number;
  maxK?: number;
  /** k is chosen on a sample of this many customers; the final fit uses everyone. */
  selectionSample?: number;
  /** Silhouette is O(n²): it is computed on this many of the sample. */
  silhouetteSample?: number;
}

export interface CustomerClusters extends KMeansResult {
  silhouette: number;
  descriptions: ClusterDescription[];
}

/** How a cluster's members buy, against the shop's other customers; the admin words it in its language. */
export interface ClusterTraits {
  frequency: "oneTime" | "infrequent" | "occasional" | "frequent";
  spend: "low" | "mid" | "high";
  recency: "recent" | "lapsing" | "lapsed";
}

const ENGLISH = {
  frequency: { oneTime: "One-time", infrequent: "Infrequent", occasional: "Occasional", frequent: "Frequent" },
  spend: { low: "low-spending", mid: "mid-spending", high: "high-spending" },
  recency: { recent: "recent", lapsing: "lapsing", lapsed: "lapsed" },
} as const;

/** The traits in English words: the value of the customer's `cluster` metafield in Shopify. */
export const clusterLabel = ({ frequency, spend, recency }: ClusterTraits) => `${ENGLISH.frequency[frequency]}, ${ENGLISH.spend[spend]}, ${ENGLISH.recency[recency]} buyers`;

export interface ClusterDescription {
  /** e.g. "Frequent, high-spending, recent buyers". */
  label: string;
  traits: ClusterTraits;
  customers: number;
  medianOrders: number;
  medianAmountSpent: number;
  medianDaysSinceLastOrder: number;
}

/** Orders and spend are heavily right-skewed: log1p then z-scores, so no feature dominates the distance. */
export function behaviourFeatures(input: BehaviourInput): Points {
  const scaling = behaviourScaling(input);
  const rows = input.orders.length;
  const cols = scaling.mean.length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    data.set(scaleBehaviour(scaling, { daysSinceLastOrder: input.daysSinceLastOrder[i]!, orders: input.orders[i]!, amountSpent: input.amountSpent[i]! }), i * cols);
  }
  return { data, rows, cols };
}

/** Mean and standard deviation of each log1p feature (recency days, orders, spend) over the shop. */
export interface BehaviourScaling {
  mean: number[];
  std: number[];
}

export function behaviourScaling({ daysSinceLastOrder, orders, amountSpent }: BehaviourInput): BehaviourScaling {
  const scaling: BehaviourScaling = { mean: [], std: [] };
  for (const feature of [daysSinceLastOrder, orders, amountSpent]) {
    let sum = 0;
    let sumSquares = 0;
    for (const value of feature) {
      const v = Math.log1p(Math.max(0, value));
      sum += v;
      sumSquares += v * v;
    }
    const mean = sum / feature.length;
    scaling.mean.push(mean);
    scaling.std.push(Math.sqrt(Math.max(sumSquares / feature.length - mean * mean, 0)) || 1);
  }
  return scaling;
}

/** One customer's standardised features, on the shop's scaling (also for a customer scored later, alone). */
export function scaleBehaviour(scaling: BehaviourScaling, customer: { daysSinceLastOrder: number; orders: number; amountSpent: number }): number[] {
  return [customer.daysSinceLastOrder, customer.orders, customer.amountSpent].map((value, j) => (Math.log1p(Math.max(0, value)) - scaling.mean[j]!) / scaling.std[j]!);
}

export function clusterCustomers(input: BehaviourInput, options: ClusterOptions = {}): CustomerClusters {
  const { seed = 1, minK = 2, maxK = 8, selectionSample = 20_000, silhouetteSample = 2_000 } = options;
  const random = seededRandom(seed);
  const points = behaviourFeatures(input);
  const sample = subset(points, sampleIndexes(points.rows, selectionSample, random));
  const scoredRows = sampleIndexes(sample.rows, silhouetteSample, random);
  const scored = subset(sample, scoredRows);

  let best: { fit: KMeansResult; score: number } | undefined;
  for (let k = minK; k <= Math.min(maxK, sample.rows - 1); k++) {
    const fit = bestOfRestarts(sample, k, random);
    const score = silhouette(scored, Int32Array.from(scoredRows, (row) => fit.assignment[row]!), k);
    if (!best || score > best.score) best = { fit, score };
  }
  if (!best) throw new RangeError(`clustering needs more than ${minK} customers`);
  const fit = points.rows === sample.rows ? best.fit : kmeans({ points, k: best.fit.k, random, initialCentroids: best.fit.centroids });
  return { ...fit, silhouette: best.score, descriptions: describeClusters(input, fit.assignment, fit.k) };
}

/** k-means++ is randomised: keep the lowest-inertia of a few seedings. */
function bestOfRestarts(points: Points, k: number, random: () => number, restarts = 3): KMeansResult {
  let best = kmeans({ points, k, random });
  for (let i = 1; i < restarts; i++) {
    const fit = kmeans({ points, k, random });
    if (fit.inertia < best.inertia) best = fit;
  }
  return best;
}

function subset(points: Points, rows: Int32Array): Points {
  if (rows.length === points.rows) return points;
  const { cols } = points;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => data.set(points.data.subarray(row * cols, row * cols + cols), i * cols));
  return { data, rows: rows.length, cols };
}

/**
 * Each cluster's medians placed against the shop's terciles of the same measure: top third
 * "frequent / high-spending / recent", middle "occasional / mid-spending / lapsing", bottom "one-off or
 * rare / low-spending / lapsed".
 */
export function describeClusters(input: BehaviourInput, assignment: Int32Array, k: number): ClusterDescription[] {
  const terciles = (values: Float64Array) => {
    const sorted = Float64Array.from(values).sort();
    return [sorted[Math.floor(sorted.length / 3)]!, sorted[Math.floor((2 * sorted.length) / 3)]!] as const;
  };
  const level = (value: number, [low, high]: readonly [number, number]) => (value > high ? 2 : value > low ? 1 : 0);
  const orderTerciles = terciles(input.orders);
  const spendTerciles = terciles(input.amountSpent);
  const recencyTerciles = terciles(input.daysSinceLastOrder);

  const members: number[][] = Array.from({ length: k }, () => []);
  assignment.forEach((cluster, i) => members[cluster]!.push(i));
  return members.map((rows) => {
    const median = (values: Float64Array) => {
      const sorted = Float64Array.from(rows, (i) => values[i]!).sort();
      return sorted.length ? sorted[sorted.length >> 1]! : 0;
    };
    const medianOrders = median(input.orders);
    const medianAmountSpent = median(input.amountSpent);
    const medianDaysSinceLastOrder = median(input.daysSinceLastOrder);
    const traits: ClusterTraits = {
      frequency: medianOrders <= 1 ? "oneTime" : (["infrequent", "occasional", "frequent"] as const)[level(medianOrders, orderTerciles)]!,
      spend: (["low", "mid", "high"] as const)[level(medianAmountSpent, spendTerciles)]!,
      // Fewer days since the last order is better, so the scale runs the other way.
      recency: (["recent", "lapsing", "lapsed"] as const)[level(medianDaysSinceLastOrder, recencyTerciles)]!,
    };
    return { label: clusterLabel(traits), traits, customers: rows.length, medianOrders, medianAmountSpent, medianDaysSinceLastOrder };
  });
}
