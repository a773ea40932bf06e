// Synthetic customers drawn around known behaviour profiles, for clustering tests and benchmarks.
import { seededRandom } from "../app/personalization/prng";

export interface Profile {
  daysSinceLastOrder: number;
  orders: number;
  amountSpent: number;
}

export const PROFILES = {
  loyal: { daysSinceLastOrder: 5, orders: 25, amountSpent: 3_000 },
  occasional: { daysSinceLastOrder: 60, orders: 4, amountSpent: 250 },
  oneOff: { daysSinceLastOrder: 300, orders: 1, amountSpent: 20 },
} satisfies Record<string, Profile>;

/** `count` customers per profile, each measure the profile's value × a log-normal factor (σ = `spread`). */
export function syntheticCustomers(profiles: Profile[], count: number, seed: number, spread = 0.15) {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = profiles.length * count;
  const columns = { daysSinceLastOrder: new Float64Array(n), orders: new Float64Array(n), amountSpent: new Float64Array(n), profile: new Int32Array(n) };
  for (let i = 0; i < n; i++) {
    const p = i % profiles.length;
    const profile = profiles[p]!;
    columns.profile[i] = p;
    columns.daysSinceLastOrder[i] = profile.daysSinceLastOrder * Math.exp(spread * gaussian());
    columns.orders[i] = Math.max(1, Math.round(profile.orders * Math.exp(spread * gaussian())));
    columns.amountSpent[i] = profile.amountSpent * Math.exp(spread * gaussian());
  }
  return columns;
}
