// RFM: recency, frequency and monetary value scored 1–5 by quintile within the shop, then mapped to
// Shopify's `CustomerRfmGroup` vocabulary so merchants see the same group names as in their admin.

export const RFM_GROUPS = [
  "CHAMPIONS",
  "LOYAL",
  "ACTIVE",
  "NEW",
  "PROMISING",
  "NEEDS_ATTENTION",
  "AT_RISK",
  "PREVIOUSLY_LOYAL",
  "ALMOST_LOST",
  "DORMANT",
  "PROSPECTS",
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

export interface RfmInput {
  daysSinceLastOrder: Float64Array;
  orders: Float64Array;
  amountSpent: Float64Array;
}

export interface RfmScores {
  /** 1–5, 0 for prospects (no orders). */
  recency: Uint8Array;
  frequency: Uint8Array;
  monetary: Uint8Array;
  /** Index into RFM_GROUPS. */
  group: Uint8Array;
}

/** Scores every customer; those with no orders are PROSPECTS and take no part in the quintiles. */
export function scoreRfm({ daysSinceLastOrder, orders, amountSpent }: RfmInput): RfmScores {
  const n = orders.length;
  const buyers = (values: Float64Array, sign: number) => {
    const kept: number[] = [];
    for (let i = 0; i < n; i++) if (orders[i]! > 0) kept.push(sign * values[i]!);
    return Float64Array.from(kept).sort();
  };
  // Recency counts backwards: fewer days since the last order is better.
  const sortedRecency = buyers(daysSinceLastOrder, -1);
  const sortedFrequency = buyers(orders, 1);
  const sortedMonetary = buyers(amountSpent, 1);
  const scores: RfmScores = { recency: new Uint8Array(n), frequency: new Uint8Array(n), monetary: new Uint8Array(n), group: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    if (!(orders[i]! > 0)) {
      scores.group[i] = RFM_GROUPS.indexOf("PROSPECTS");
      continue;
    }
    const r = quintile(sortedRecency, -daysSinceLastOrder[i]!);
    const f = quintile(sortedFrequency, orders[i]!);
    const m = quintile(sortedMonetary, amountSpent[i]!);
    scores.recency[i] = r;
    scores.frequency[i] = f;
    scores.monetary[i] = m;
    scores.group[i] = RFM_GROUPS.indexOf(rfmGroup(r, f, m));
  }
  return scores;
}

/**
 * 1 + ⌊5 · (customers strictly below) / n⌋: distinct values split into exact fifths, and ties share the
 * lowest score of their block, so a 5 always means "better than at least 80 % of customers" (a shop where
 * most customers ordered once gives them all F = 1).
 */
export function quintile(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return Math.min(5, 1 + Math.floor((5 * low) / sorted.length));
}

/**
 * Shopify describes its groups by recency and by FM = (F + M) / 2 but does not publish the cut-offs;
 * this grid follows its descriptions ("very recent" R5, "recent" R3–4, "without recent purchases" R1–2;
 * "many orders, most spend" FM ≥ 4, "some orders, moderate spend" 2 ≤ FM < 4, "few orders, low spend"
 * FM < 2; "very strong history" FM ≥ 4.5, "strong history" FM ≥ 3).
 */
export function rfmGroup(recency: number, frequency: number, monetary: number): RfmGroup {
  const fm = (frequency + monetary) / 2;
  if (recency === 5) return fm >= 4 ? "CHAMPIONS" : fm >= 2 ? "ACTIVE" : "NEW";
  if (recency === 4) return fm >= 4 ? "LOYAL" : fm >= 2 ? "ACTIVE" : "PROMISING";
  if (recency === 3) return fm >= 4 ? "LOYAL" : fm >= 2 ? "NEEDS_ATTENTION" : "PROMISING";
  if (fm >= 4.5) return "PREVIOUSLY_LOYAL";
  if (fm >= 3) return "AT_RISK";
  return recency === 2 ? "ALMOST_LOST" : "DORMANT";
}
