// Chooses each model's hyperparameters on the validation split of the training period, then scores
// all models on the real test period. The test period never influences a choice.
import type { LineItems } from "../line-items";
import { easeRecommender, itemKnnRecommender, popularityRecommender } from "./baselines";
import { evaluate, evaluationSet, validationSet, type EvaluationSet, type Evaluated } from "./evaluation";
import type { Recommender, TrainingData } from "./recommender";
import { DEFAULT_TRENDING_NEIGHBOURS, trendingNeighboursRecommender, type TrendingNeighboursOptions } from "./trending-neighbours";

export interface SearchGrids {
  knnNeighbours: number[];
  easeLambdas: number[];
  trending: Partial<TrendingNeighboursOptions>[];
}

const trendingGrid: Partial<TrendingNeighboursOptions>[] = [];
for (const neighbours of [20, 40, 80])
  for (const historyHalfLifeDays of [60, 365])
    for (const trendWeight of [0.3, 0.5, 0.7])
      for (const trendHalfLifeDays of [7, 30]) trendingGrid.push({ neighbours, historyHalfLifeDays, trendWeight, trendHalfLifeDays });

export const DEFAULT_GRIDS: SearchGrids = { knnNeighbours: [20, 50, 100, 200], easeLambdas: [100, 300, 1000, 3000], trending: trendingGrid };

export interface ModelRun {
  model: string;
  /** The hyperparameters chosen on the validation split. */
  chosen: string;
  evaluated: Evaluated;
  buildMs: number;
}

interface Candidate<P> {
  label: string;
  params: P;
}

function choose<P>(validation: EvaluationSet, candidates: Candidate<P>[], build: (data: TrainingData, params: P) => Recommender): Candidate<P> {
  let best = candidates[0]!;
  // Nothing to choose between: no model built on the validation split.
  if (candidates.length === 1) return best;
  let bestNdcg = -1;
  for (const candidate of candidates) {
    const { ndcg } = evaluate(build(validation.data, candidate.params), validation).metrics;
    if (ndcg > bestNdcg) {
      best = candidate;
      bestNdcg = ndcg;
    }
  }
  return best;
}

function run<P>(model: string, set: EvaluationSet, chosen: Candidate<P>, build: (data: TrainingData, params: P) => Recommender): ModelRun {
  const started = performance.now();
  const recommender = build(set.data, chosen.params);
  const buildMs = performance.now() - started;
  return { model, chosen: chosen.label, evaluated: evaluate(recommender, set), buildMs };
}

export function compareRecommenders(train: LineItems, test: LineItems, grids: SearchGrids = DEFAULT_GRIDS): { set: EvaluationSet; runs: ModelRun[] } {
  const set = evaluationSet(train, test);
  let testStart = Infinity;
  let testEnd = -Infinity;
  for (const t of test.time) {
    testStart = Math.min(testStart, t);
    testEnd = Math.max(testEnd, t);
  }
  const validation = validationSet(train, testEnd - testStart);

  const knn = choose(validation, grids.knnNeighbours.map((k) => ({ label: `k=${k}`, params: k })), itemKnnRecommender);
  // An empty λ grid leaves EASE^R out (each λ is a dense inverse over the catalogue: minutes).
  const ease = grids.easeLambdas.length ? choose(validation, grids.easeLambdas.map((lambda) => ({ label: `λ=${lambda}`, params: lambda })), easeRecommender) : null;
  const trending = choose(
    validation,
    grids.trending.map((grid) => {
      const params = { ...DEFAULT_TRENDING_NEIGHBOURS, ...grid };
      return { label: `k=${params.neighbours}, history ½-life ${params.historyHalfLifeDays} d, trend weight ${params.trendWeight}, trend ½-life ${params.trendHalfLifeDays} d`, params };
    }),
    trendingNeighboursRecommender,
  );
  return {
    set,
    runs: [
      run("Global popularity", set, { label: "", params: undefined }, popularityRecommender),
      run("Item-kNN cosine", set, knn, itemKnnRecommender),
      ...(ease ? [run("EASE^R", set, ease, easeRecommender)] : []),
      run("Trending neighbours (ours)", set, trending, trendingNeighboursRecommender),
    ],
  };
}
