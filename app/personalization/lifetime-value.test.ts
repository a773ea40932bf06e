import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bgNbdLogLikelihood, expectedPurchases, fitBgNbd, probabilityAlive, type RepeatPurchaseHistories } from "./bg-nbd";
import { predictCustomerValue } from "./customer-value";
import { expectedAverageSpend, fitGammaGamma } from "./gamma-gamma";
import { LOG_PARAMETER_BOUND } from "./nelder-mead";
import { hyp2f1, lgamma } from "./special-functions";

const CDNOW = "/work/shared/data/cdnow-customers-summary.csv";
const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function readCdnow() {
  const rows = readFileSync(CDNOW, "utf8").trim().split("\n").slice(1).map((line) => line.split(",").map(Number));
  const column = (index: number) => Float64Array.from(rows, (row) => row[index]!);
  return { x: column(1), tx: column(2), T: column(3), zbar: column(4) };
}

/** Same value to two significant digits, i.e. within half a unit of the second digit. */
function expectTwoSignificantDigits(actual: number, expected: number) {
  const unit = Math.pow(10, Math.floor(Math.log10(Math.abs(expected))) - 1);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(unit / 2);
}

describe("special functions", () => {
  it("given known arguments, when lgamma and 2F1 are evaluated, then they match closed forms", () => {
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lgamma(10)).toBeCloseTo(Math.log(362_880), 12);
    expect(lgamma(1e-3)).toBeCloseTo(6.907178885383854, 9);
    // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z
    for (const z of [0, 0.3, 0.9, 0.99]) expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(z === 0 ? 1 : -Math.log(1 - z) / z, 10);
  });
});

describe("BG/NBD on the CDNOW sample", () => {
  const data = readCdnow();
  const histories: RepeatPurchaseHistories = { x: data.x, tx: data.tx, T: data.T };

  it("given the published parameters, when the log-likelihood is evaluated, then it is the published −9582.4", () => {
    expect(bgNbdLogLikelihood(published, histories)).toBeCloseTo(-9582.4, 0);
  });

  it("given the 2,357 customers, when fitted by maximum likelihood, then r, α, a, b match the published ones to two significant digits", () => {
    const fit = fitBgNbd(histories);
    expectTwoSignificantDigits(fit.parameters.r, published.r);
    expectTwoSignificantDigits(fit.parameters.alpha, published.alpha);
    expectTwoSignificantDigits(fit.parameters.a, published.a);
    expectTwoSignificantDigits(fit.parameters.b, published.b);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 0);
  });

  it("given customer 1 of the paper (x=2, t_x=30.43, T=38.86), when forecasting 39 weeks, then E[Y] is the paper's 1.226", () => {
    expect(expectedPurchases(published, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it("given two customers who differ only in recency, when scored, then the one who bought last more recently is more likely alive", () => {
    const recent = probabilityAlive(published, { x: 5, tx: 38, T: 39 });
    const lapsed = probabilityAlive(published, { x: 5, tx: 5, T: 39 });
    expect(recent).toBeGreaterThan(0.8);
    expect(lapsed).toBeLessThan(0.1);
    expect(probabilityAlive(published, { x: 0, tx: 0, T: 39 })).toBe(1);
  });

  it("given duplicate customers collapsed into weights, when the log-likelihood is evaluated, then it equals the expanded one", () => {
    const expanded = bgNbdLogLikelihood(published, { x: Float64Array.of(1, 1, 1, 0), tx: Float64Array.of(3, 3, 3, 0), T: Float64Array.of(9, 9, 9, 9) });
    const weighted = bgNbdLogLikelihood(published, { x: Float64Array.of(1, 0), tx: Float64Array.of(3, 0), T: Float64Array.of(9, 9), weights: Float64Array.of(3, 1) });
    expect(weighted).toBeCloseTo(expanded, 10);
  });
});

describe("Gamma-Gamma on the CDNOW sample", () => {
  const data = readCdnow();
  const repeat = [...data.x.keys()].filter((i) => data.x[i]! > 0);
  const spend = { x: Float64Array.from(repeat, (i) => data.x[i]!), meanValue: Float64Array.from(repeat, (i) => data.zbar[i]!) };

  it("given the customers with repeat purchases, when fitted, then p, q, γ match the published 6.25, 3.74, 15.44 to two significant digits", () => {
    const { parameters } = fitGammaGamma(spend);
    expectTwoSignificantDigits(parameters.p, 6.25);
    expectTwoSignificantDigits(parameters.q, 3.74);
    expectTwoSignificantDigits(parameters.gamma, 15.44);
  });

  it("given more transactions at the same mean, when the expected spend is computed, then it moves from the population mean towards the customer's mean", () => {
    const parameters = { p: 6.25, q: 3.74, gamma: 15.44 };
    const population = expectedAverageSpend(parameters, 0, 0);
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    const few = expectedAverageSpend(parameters, 1, 100);
    const many = expectedAverageSpend(parameters, 20, 100);
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
  });
});

describe("predicted customer value", () => {
  const gammaGamma = { p: 6.25, q: 3.74, gamma: 15.44 };
  const customer = { x: 2, tx: 30.43, T: 38.86, meanValue: 22.35 };

  it("given no discounting, when predicting 9 months of weeks, then it is E[purchases] × E[spend]", () => {
    const weeksPerMonth = 39 / 9;
    const value = predictCustomerValue({ bgNbd: published, gammaGamma, customer, periodsPerMonth: weeksPerMonth, months: 9, monthlyDiscountRate: 0 });
    expect(value).toBeCloseTo(expectedPurchases(published, customer, 39) * expectedAverageSpend(gammaGamma, 2, 22.35), 8);
  });

  it("given a positive discount rate, when predicting 12 months, then the value is lower than undiscounted and positive", () => {
    const options = { bgNbd: published, gammaGamma, customer, periodsPerMonth: 52 / 12 };
    const discounted = predictCustomerValue(options);
    expect(discounted).toBeGreaterThan(0);
    expect(discounted).toBeLessThan(predictCustomerValue({ ...options, monthlyDiscountRate: 0 }));
  });
});

describe("degenerate shops", () => {
  it("given a customer without orders (x = -1), when the BG/NBD log-likelihood is evaluated, then it refuses the row", () => {
    expect(() => bgNbdLogLikelihood(published, { x: Float64Array.of(2, -1), tx: Float64Array.of(5, 0), T: Float64Array.of(9, 0) })).toThrow(RangeError);
  });

  it("given every customer spending the same per order (no heterogeneity), when Gamma-Gamma is fitted, then it stops inside the bounds and predicts the shared mean", () => {
    const n = 2_000;
    const spend = { x: Float64Array.from({ length: n }, (_, i) => 1 + (i % 7)), meanValue: Float64Array.from({ length: n }, (_, i) => 40 + ((i * 13) % 5) - 2) };
    const { parameters, logLikelihood } = fitGammaGamma(spend);
    expect(Number.isFinite(logLikelihood)).toBe(true);
    for (const value of Object.values(parameters)) expect(Math.abs(Math.log(value))).toBeLessThanOrEqual(LOG_PARAMETER_BOUND + 1e-9);
    expect(expectedAverageSpend(parameters, 0, 0)).toBeCloseTo(40, 0);
  });

  it("given customers who never stop buying (no churn), when BG/NBD is fitted, then it stops with a drop-out probability near zero", () => {
    const n = 2_000;
    const T = 365;
    const x = Float64Array.from({ length: n }, (_, i) => i % 9);
    const tx = Float64Array.from(x, (xi, i) => (xi === 0 ? 0 : T - 1 - (i % 30)));
    const { parameters, logLikelihood } = fitBgNbd({ x, tx, T: new Float64Array(n).fill(T) });
    expect(Number.isFinite(logLikelihood)).toBe(true);
    expect(parameters.a / (parameters.a + parameters.b)).toBeLessThan(0.01);
    expect(Number.isFinite(expectedPurchases(parameters, { x: 4, tx: 360, T }, 90))).toBe(true);
  });
});
