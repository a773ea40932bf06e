// Predicted customer value: expected purchases from BG/NBD, month by month, times the expected
// transaction value from Gamma-Gamma, discounted to today.
import { expectedPurchases, type BgNbdParameters, type CustomerHistory } from "./bg-nbd";
import { expectedAverageSpend, type GammaGammaParameters } from "./gamma-gamma";

/**
 * 1 % a month (≈ 12.7 % a year): the default of the `lifetimes` library's customer_lifetime_value and a
 * typical cost of capital for a small retailer. Merchants with a different cost of money pass their own.
 */
export const DEFAULT_MONTHLY_DISCOUNT_RATE = 0.01;

export interface PredictValueOptions {
  bgNbd: BgNbdParameters;
  gammaGamma: GammaGammaParameters;
  customer: CustomerHistory & { meanValue: number };
  /** How many of the histories' time units make a month (30.4375 for days, 4.348 for weeks). */
  periodsPerMonth: number;
  months?: number;
  monthlyDiscountRate?: number;
}

/** Σ over months m of (E[purchases by m] − E[purchases by m−1]) · E[spend] / (1 + d)^m. */
export function predictCustomerValue(options: PredictValueOptions): number {
  const { bgNbd, gammaGamma, customer, periodsPerMonth, months = 12, monthlyDiscountRate = DEFAULT_MONTHLY_DISCOUNT_RATE } = options;
  const spend = expectedAverageSpend(gammaGamma, customer.x, customer.meanValue);
  let value = 0;
  let previous = 0;
  for (let month = 1; month <= months; month++) {
    const cumulative = expectedPurchases(bgNbd, customer, month * periodsPerMonth);
    value += ((cumulative - previous) * spend) / Math.pow(1 + monthlyDiscountRate, month);
    previous = cumulative;
  }
  return value;
}
