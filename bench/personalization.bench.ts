// Personalization models at shop scale. Each case runs in its own Node process so its peak memory
// (maxRSS, which includes Node's own ~50 MB) belongs to that case alone.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { clusterCustomers } from "../app/personalization/customer-clusters";
import { lineItemsBetween } from "../app/personalization/line-items";
import { trainingData } from "../app/personalization/recommendations/recommender";
import { frequentlyBoughtTogether } from "../app/personalization/recommendations/frequently-bought-together";
import { trendingNeighboursRecommender } from "../app/personalization/recommendations/trending-neighbours";
import { scoreRfm } from "../app/personalization/rfm";
import { fitShop } from "../app/personalization/shop-model";
import { onlineRetail } from "../harness/online-retail";
import { PROFILES, syntheticCustomers } from "../harness/synthetic-customers";
import { syntheticShop } from "../harness/synthetic-shop";
import type { Bench, BenchRow } from "./lib/harness";

const NAME = "personalization";

interface CaseResult {
  /** Wall-clock seconds per phase. */
  seconds: Record<string, number>;
  maxRssMb: number;
  facts: Record<string, string | number>;
}

const CASES: Record<string, () => CaseResult> = {
  "rfm+clusters 1M customers": () => {
    const profiles = [PROFILES.loyal, PROFILES.occasional, PROFILES.oneOff, { daysSinceLastOrder: 30, orders: 8, amountSpent: 900 }];
    const customers = syntheticCustomers(profiles, 250_000, 1, 0.5);
    const started = performance.now();
    scoreRfm(customers);
    const rfmDone = performance.now();
    const clusters = clusterCustomers(customers, { seed: 1 });
    const done = performance.now();
    return { seconds: { rfm: (rfmDone - started) / 1000, clustering: (done - rfmDone) / 1000, total: (done - started) / 1000 }, maxRssMb: maxRssMb(), facts: { k: clusters.k } };
  },
  "recs Online Retail": () => {
    const all = onlineRetail();
    return buildRecommendations(lineItemsBetween(all, Date.parse("2010-12-01T00:00:00Z"), Date.parse("2011-10-01T00:00:00Z")));
  },
  "recs 100k products, 1M orders": () =>
    buildRecommendations(syntheticShop({ products: 100_000, orders: 1_000_000, customers: 200_000, categories: 1_000, seed: 1 })),
  // What the nightly fit-shop job computes in its worker thread: RFM, clusters, BG/NBD, Gamma-Gamma,
  // recommendations and bought together, with every customer's results, for the 100k / 1M shop.
  "shop fit 100k products, 1M orders": () => {
    const items = syntheticShop({ products: 100_000, orders: 1_000_000, customers: 200_000, categories: 1_000, seed: 1 });
    let asOf = 0;
    for (const t of items.time) asOf = Math.max(asOf, t);
    const started = performance.now();
    const fitted = fitShop(items, asOf + 86_400_000);
    const done = performance.now();
    return { seconds: { total: (done - started) / 1000 }, maxRssMb: maxRssMb(), facts: { lines: items.customer.length, customers: fitted.customers.length, products: fitted.products.length, k: fitted.model.clusters?.k ?? 0 } };
  },
};

/** The nightly build: the model, top 10 for every customer, and frequently-bought-together for every product. */
function buildRecommendations(items: ReturnType<typeof onlineRetail>): CaseResult {
  const started = performance.now();
  const data = trainingData(items);
  const recommender = trendingNeighboursRecommender(data);
  const built = performance.now();
  for (let user = 0; user < data.users; user++) recommender.recommend(user, 10);
  const recommended = performance.now();
  frequentlyBoughtTogether(items);
  const done = performance.now();
  return {
    seconds: { model: (built - started) / 1000, "top 10 for every customer": (recommended - built) / 1000, "frequently bought together": (done - recommended) / 1000, total: (done - started) / 1000 },
    maxRssMb: maxRssMb(),
    facts: { lines: items.customer.length, customers: data.users, products: data.items },
  };
}

const maxRssMb = () => process.resourceUsage().maxRSS / 1024;

function runCase(name: string): BenchRow[] {
  const output = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), name], { encoding: "utf8", maxBuffer: 1 << 20 });
  const result = JSON.parse(output.trim().split("\n").pop()!) as CaseResult & { cpuSeconds: number };
  return [
    ...Object.entries(result.facts).map(([metric, value]) => ({ bench: NAME, subject: name, metric, value: String(value) })),
    ...Object.entries(result.seconds).map(([metric, value]) => ({ bench: NAME, subject: name, metric: `${metric} s`, value: value.toFixed(2) })),
    // CPU time of the whole case: on a shared machine wall time also counts waiting for a core.
    { bench: NAME, subject: name, metric: "CPU s (whole case)", value: result.cpuSeconds.toFixed(2) },
    { bench: NAME, subject: name, metric: "peak RSS MB", value: result.maxRssMb.toFixed(0) },
  ];
}

export const personalizationBench: Bench = {
  name: NAME,
  async run() {
    return Object.keys(CASES).flatMap(runCase);
  },
};

// Child-process entry: `node --import tsx personalization.bench.ts <case>` prints the case's result.
const requested = process.argv[2];
if (process.argv[1] === fileURLToPath(import.meta.url) && requested && CASES[requested]) {
  const result = CASES[requested]();
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ ...result, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
}
