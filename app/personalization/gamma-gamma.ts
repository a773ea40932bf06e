// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves"): each
// transaction's value ~ Gamma(p, ν) with ν ~ Gamma(q, γ) across customers. Fitted on customers with at
// least one repeat purchase: x transactions with mean value z̄. Assumes spend is independent of
// purchase frequency.
import { mean } from "./bg-nbd";
import { LOG_PARAMETER_BOUND, minimize } from "./nelder-mead";
import { lgamma } from "./special-functions";

export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface SpendHistories {
  /** Number of transactions behind each mean (only customers with x > 0 are used). */
  x: Float64Array;
  meanValue: Float64Array;
}

/**
 * Log-likelihood of the customers' mean spends. The gamma-function terms depend only on x, so they are
 * computed once per distinct whole x (a shop's customers share a few dozen), leaving two logs a row.
 */
export function gammaGammaLogLikelihood({ p, q, gamma }: GammaGammaParameters, { x, meanValue }: SpendHistories): number {
  const shared = -lgamma(q) + q * Math.log(gamma);
  const perX = (xi: number) => {
    const px = p * xi;
    return lgamma(px + q) - lgamma(px) + shared + px * Math.log(xi);
  };
  const cache = new Float64Array(CACHED_X).fill(NaN);
  let total = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const z = meanValue[i]!;
    if (!(xi > 0 && z > 0)) continue;
    let terms: number;
    if (xi < CACHED_X && Number.isInteger(xi)) {
      if (Number.isNaN(cache[xi]!)) cache[xi] = perX(xi);
      terms = cache[xi]!;
    } else terms = perX(xi);
    const px = p * xi;
    total += terms + (px - 1) * Math.log(z) - (px + q) * Math.log(gamma + xi * z);
  }
  return total;
}

const CACHED_X = 1024;

export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
}

export function fitGammaGamma(histories: SpendHistories): GammaGammaFit {
  const unpack = (v: number[]): GammaGammaParameters => ({ p: Math.exp(v[0]!), q: Math.exp(v[1]!), gamma: Math.exp(v[2]!) });
  const start = [0, 0, Math.log(Math.max(mean(histories.meanValue), 1e-6))];
  const result = minimize((v) => -gammaGammaLogLikelihood(unpack(v), histories), start, { bound: LOG_PARAMETER_BOUND });
  return { parameters: unpack(result.point), logLikelihood: -result.value };
}

/**
 * E[value of a transaction | x transactions averaging z̄]: a weighted average of the population mean
 * p·γ/(q−1) and the customer's own mean, the latter weighing more the more transactions there are.
 */
export function expectedAverageSpend({ p, q, gamma }: GammaGammaParameters, x: number, meanValue: number): number {
  const populationMean = (p * gamma) / (q - 1);
  if (x <= 0) return populationMean;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * populationMean + weight * meanValue;
}
