// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while alive a customer
// buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability
// p ~ Beta(a, b). Inputs per customer: x repeat purchases, t_x time of the last one, T time since the
// first purchase, all in one time unit (weeks for CDNOW, days in a shop).
import { minimize } from "./nelder-mead";
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

export function bgNbdLogLikelihood({ r, alpha, a, b }: BgNbdParameters, histories: RepeatPurchaseHistories): number {
  const { x, tx, T, weights } = histories;
  const shared = lgamma(a + b) - lgamma(b) - lgamma(r) + r * Math.log(alpha);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const a1 = lgamma(r + xi) + shared + lgamma(b + xi) - lgamma(a + b + xi);
    const stillAlive = -(r + xi) * Math.log(alpha + T[i]!);
    const droppedOut = xi > 0 ? Math.log(a) - Math.log(b + xi - 1) - (r + xi) * Math.log(alpha + tx[i]!) : -Infinity;
    total += (weights ? weights[i]! : 1) * (a1 + logAddExp(stillAlive, droppedOut));
  }
  return total;
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
}

/** Maximum likelihood over log-parameters (all four are positive). */
export function fitBgNbd(histories: RepeatPurchaseHistories): BgNbdFit {
  const unpack = (p: number[]): BgNbdParameters => ({ r: Math.exp(p[0]!), alpha: Math.exp(p[1]!), a: Math.exp(p[2]!), b: Math.exp(p[3]!) });
  const meanT = mean(histories.T, histories.weights);
  const result = minimize((p) => -bgNbdLogLikelihood(unpack(p), histories), [0, Math.log(Math.max(meanT, 1e-6)), 0, 0]);
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
