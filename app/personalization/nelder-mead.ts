// Derivative-free minimisation for the maximum-likelihood fits. The models' parameters are all
// positive, so callers optimise their logarithms and the search space is unconstrained.

/** The fits' log-parameters stay within ±ln 1e10: see MinimizeOptions.bound. */
export const LOG_PARAMETER_BOUND = Math.log(1e10);

export interface MinimizeOptions {
  /**
   * Stop when the simplex's values differ by less than this, relative to the best value's magnitude
   * (absolute below 1). A log-likelihood grows with the number of customers, so an absolute tolerance
   * would ask a million-customer fit for digits beyond double precision and never stop where the
   * optimum lies on a boundary (a parameter drifting towards 0 keeps improving the value in its last bits).
   */
  tolerance?: number;
  /** Over all restarts together: a bound on the fit's time, whatever the function's shape. */
  maxEvaluations?: number;
  /**
   * Also stop when every vertex lies within this distance of the best one in every coordinate (log
   * parameters: a relative precision far beyond what data determine). Where rounding noise exceeds the
   * value tolerance (lgamma of a parameter drifting to 1e8 and beyond), this is what ends the search.
   */
  pointTolerance?: number;
  /** Restart from the best point until a restart no longer improves it (escapes early collapse). */
  maxRestarts?: number;
  /**
   * Points with a coordinate beyond ±bound count as outside the domain (value +∞). The fits optimise
   * log-parameters: a bound of ln 1e10 stops a degenerate fit (a population without heterogeneity,
   * whose optimum is at a parameter → ∞ or → 0) at a value that gives the same predictions to many digits.
   */
  bound?: number;
  /** Edge length of the starting simplex. */
  step?: number;
}

export interface MinimizeResult {
  point: number[];
  value: number;
  evaluations: number;
}

/** Nelder–Mead with the standard coefficients (reflect 1, expand 2, contract ½, shrink ½) and restarts. */
export function minimize(f: (x: number[]) => number, start: number[], options: MinimizeOptions = {}): MinimizeResult {
  const { tolerance = 1e-10, pointTolerance = 1e-9, maxEvaluations = 20_000, maxRestarts = 10, step = 0.5, bound = Infinity } = options;
  const inDomain = (x: number[]) => (x.every((v) => Math.abs(v) <= bound) ? f(x) : Infinity);
  const startValue = inDomain(start);
  let best: MinimizeResult = { point: start, value: Number.isFinite(startValue) ? startValue : Infinity, evaluations: 1 };
  for (let restart = 0; restart <= maxRestarts; restart++) {
    if (best.evaluations >= maxEvaluations) break;
    const run = simplexSearch(inDomain, best.point, step, tolerance, pointTolerance, maxEvaluations - best.evaluations);
    const improved = best.value - run.value > tolerance * Math.max(1, Math.abs(run.value));
    best = { point: run.point, value: Math.min(run.value, best.value), evaluations: best.evaluations + run.evaluations };
    if (!improved) break;
  }
  return best;
}

function simplexSearch(f: (x: number[]) => number, start: number[], step: number, tolerance: number, pointTolerance: number, maxEvaluations: number): MinimizeResult {
  const n = start.length;
  const at = (x: number[]) => {
    const value = f(x);
    return Number.isFinite(value) ? value : Infinity;
  };
  const simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + step : v)))];
  const values = simplex.map(at);
  let evaluations = n + 1;
  const order = simplex.map((_, i) => i);

  while (evaluations < maxEvaluations) {
    order.sort((i, j) => values[i]! - values[j]!);
    const bestIndex = order[0]!;
    const worstIndex = order[n]!;
    // A simplex of non-finite values (no point where f is defined) cannot move anywhere meaningful.
    if (!Number.isFinite(values[bestIndex]!)) break;
    if (values[worstIndex]! - values[bestIndex]! <= tolerance * Math.max(1, Math.abs(values[bestIndex]!))) break;
    if (simplex.every((vertex) => vertex.every((v, j) => Math.abs(v - simplex[bestIndex]![j]!) <= pointTolerance))) break;

    const centroid = new Array<number>(n).fill(0);
    for (const index of order.slice(0, n)) for (let j = 0; j < n; j++) centroid[j]! += simplex[index]![j]! / n;
    const towards = (coefficient: number) => centroid.map((c, j) => c + coefficient * (simplex[worstIndex]![j]! - c));

    const reflected = towards(-1);
    const reflectedValue = at(reflected);
    evaluations++;
    if (reflectedValue < values[bestIndex]!) {
      const expanded = towards(-2);
      const expandedValue = at(expanded);
      evaluations++;
      const takeExpanded = expandedValue < reflectedValue;
      simplex[worstIndex] = takeExpanded ? expanded : reflected;
      values[worstIndex] = takeExpanded ? expandedValue : reflectedValue;
    } else if (reflectedValue < values[order[n - 1]!]!) {
      simplex[worstIndex] = reflected;
      values[worstIndex] = reflectedValue;
    } else {
      const outside = reflectedValue < values[worstIndex]!;
      const contracted = towards(outside ? -0.5 : 0.5);
      const contractedValue = at(contracted);
      evaluations++;
      if (contractedValue < Math.min(reflectedValue, values[worstIndex]!)) {
        simplex[worstIndex] = contracted;
        values[worstIndex] = contractedValue;
      } else {
        for (const index of order.slice(1)) {
          simplex[index] = simplex[index]!.map((v, j) => simplex[bestIndex]![j]! + 0.5 * (v - simplex[bestIndex]![j]!));
          values[index] = at(simplex[index]!);
          evaluations++;
        }
      }
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[bestIndex]!) bestIndex = i;
  return { point: simplex[bestIndex]!, value: values[bestIndex]!, evaluations };
}
