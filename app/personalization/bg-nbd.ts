// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer
// buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability
// p ~ Beta(a, b). Inputs per customer: x repeat purchases, t_x time of the last one, T time since the
// first purchase, all in one time unit (weeks for CDNOW, days in a shop).
import { LOG_PARAMETER_BOUND, minimize } from "./nelder-mead";
import { hyp2f1, lgamma, logAddExp } from "./special-functions";

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Purchase histories, one index per customer (or per group of identical customers, with `weights`). */
export interface RepeatPurchaseHistories {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** How many customers share the row; 1 each when absent. */
  weights?: Float64Array;
}

export interface CustomerHistory {
  x: number;
  tx: number;
  T: number;
}

/**
 * Log-likelihood of the histories (equation 6 of the paper). Every row must be a customer with a first
 * purchase: x ≥ 0 (a customer without any order is outside the model; x = −1 puts lgamma on its poles
 * and makes the likelihood unbounded). The gamma-function terms depend only on x, so they are computed
 * once per distinct x: a shop's customers share a few dozen values, and each row costs three logs.
 */
export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, histories: RepeatPurchaseHistories): number {
  const { x, tx, T, weights } = histories;
  const shared = lgamma(a + b) - lgamma(b) - lgamma(r) + r * Math.log(alpha);
  const logA = Math.log(a);
  // Indexed by x for whole counts below CACHED_X (the usual case), computed in place otherwise.
  const gammaTerms = new Float64Array(CACHED_X).fill(NaN);
  const logDropOut = new Float64Array(CACHED_X);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!(xi >= 0)) throw new RangeError(`BG/NBD needs x >= 0 repeat purchases, got ${xi}`);
    const cached = xi < CACHED_X && Number.isInteger(xi);
    if (!cached || Number.isNaN(gammaTerms[xi]!)) {
      const terms = lgamma(r + xi) + shared + lgamma(b + xi) - lgamma(a + b + xi);
      const dropOut = xi > 0 ? logA - Math.log(b + xi - 1) : -Infinity;
      if (!cached) {
        total += (weights ? weights[i]! : 1) * rowLikelihood(terms, dropOut, r + xi, alpha, tx[i]!, T[i]!);
        continue;
      }
      gammaTerms[xi] = terms;
      logDropOut[xi] = dropOut;
    }
    total += (weights ? weights[i]! : 1) * rowLikelihood(gammaTerms[xi]!, logDropOut[xi]!, r + xi, alpha, tx[i]!, T[i]!);
  }
  return total;
}

const CACHED_X = 1024;

/** One customer's log-likelihood given the terms that depend only on x. x = 0 cannot have dropped out. */
function rowLikelihood(gammaTerms: number, logDropOut: number, rx: number, alpha: number, tx: number, T: number): number {
  const stillAlive = -rx * Math.log(alpha + T);
  if (logDropOut === -Infinity) return gammaTerms + stillAlive;
  return gammaTerms + logAddExp(stillAlive, logDropOut - rx * Math.log(alpha + tx));
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
}

/** Maximum likelihood over log-parameters (all four are positive). */
export function fitBgNbd(histories: RepeatPurchaseHistories): BgNbdFit {
  const unpack = (p: number[]): BgNbdParameters => ({ r: Math.exp(p[0]!), alpha: Math.exp(p[1]!), a: Math.exp(p[2]!), b: Math.exp(p[3]!) });
  const meanT = mean(histories.T, histories.weights);
  const result = minimize((p) => -bgNbdLogLikelihood(unpack(p), histories), [0, Math.log(Math.max(meanT, 1e-6)), 0, 0], { bound: LOG_PARAMETER_BOUND });
  return { parameters: unpack(result.point), logLikelihood: -result.value };
}

/** P(customer still alive | history). One-time buyers (x = 0) cannot have dropped out yet in this model. */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: CustomerHistory): number {
  if (x === 0) return 1;
  return 1 / (1 + (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x));
}

/** E[purchases in the next `t` time units | history] (equation 10 of the paper). */
export function expectedPurchases(parameters: BgNbdParameters, history: CustomerHistory, t: number): number {
  const { r, alpha, a, b } = parameters;
  const { x, T } = history;
  if (t <= 0) return 0;
  const z = t / (alpha + T + t);
  const growth = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const aliveOdds = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + history.tx), r + x) : 0;
  return (((a + b + x - 1) / (a - 1)) * growth) / (1 + aliveOdds);
}

export function mean(values: Float64Array, weights?: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights ? weights[i]! : 1;
    sum += w * values[i]!;
    count += w;
  }
  return count > 0 ? sum / count : 0;
}
