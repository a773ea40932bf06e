import { describe, expect, it } from "vitest";
import { onlineRetail } from "../../harness/online-retail";
import { summariseCustomers } from "./customer-summary";
import { RFM_GROUPS, rfmGroup, scoreRfm } from "./rfm";

describe("RFM scores and Shopify's groups", () => {
  it("given ten hand-scored customers and a prospect, when scored, then scores and groups are the hand-checked ones", () => {
    // days since last order, orders, amount spent → expected R F M and group (worked out by hand)
    const table = [
      [1, 10, 100, 5, 5, 5, "CHAMPIONS"],
      [2, 1, 10, 5, 1, 1, "NEW"],
      [3, 2, 60, 4, 4, 3, "ACTIVE"],
      [4, 1, 20, 4, 1, 1, "PROMISING"],
      [5, 3, 90, 3, 5, 5, "LOYAL"],
      [6, 1, 50, 3, 1, 3, "NEEDS_ATTENTION"],
      [7, 2, 80, 2, 4, 4, "AT_RISK"],
      [8, 1, 30, 2, 1, 2, "ALMOST_LOST"],
      [9, 1, 70, 1, 1, 4, "DORMANT"],
      [10, 1, 40, 1, 1, 2, "DORMANT"],
      [0, 0, 0, 0, 0, 0, "PROSPECTS"],
    ] as const;
    const scores = scoreRfm({
      daysSinceLastOrder: Float64Array.from(table, (row) => row[0]),
      orders: Float64Array.from(table, (row) => row[1]),
      amountSpent: Float64Array.from(table, (row) => row[2]),
    });
    const actual = table.map((_, i) => [scores.recency[i], scores.frequency[i], scores.monetary[i], RFM_GROUPS[scores.group[i]!]]);
    expect(actual).toEqual(table.map((row) => row.slice(3)));
  });

  it("given lapsed customers with a very strong history, when grouped, then they are previously loyal, with a strong one at risk", () => {
    expect(rfmGroup(1, 5, 4)).toBe("PREVIOUSLY_LOYAL");
    expect(rfmGroup(2, 4, 5)).toBe("PREVIOUSLY_LOYAL");
    expect(rfmGroup(2, 3, 3)).toBe("AT_RISK");
  });

  it("given the Online Retail customers, when scored as of 2011-10-01, then monetary scores are quintiles and groups order by value", () => {
    const items = onlineRetail();
    const summaries = summariseCustomers(items, Date.parse("2011-10-01T00:00:00Z"));
    const scores = scoreRfm(summaries);
    const n = summaries.orders.length;
    expect(n).toBe(3616);
    for (let score = 1; score <= 5; score++) {
      const share = scores.monetary.filter((m) => m === score).length / n;
      expect(share).toBeGreaterThan(0.19);
      expect(share).toBeLessThan(0.21);
    }
    // Ties: every one-order customer shares F = 1.
    const oneOrder = summaries.orders.filter((orders) => orders === 1).length;
    expect(scores.frequency.filter((f) => f === 1).length).toBe(oneOrder);

    const medianSpend = (group: string) => {
      const index = RFM_GROUPS.indexOf(group as (typeof RFM_GROUPS)[number]);
      const spend = [...summaries.amountSpent.filter((_, i) => scores.group[i] === index)].sort((a, b) => a - b);
      return spend[spend.length >> 1]!;
    };
    expect(medianSpend("CHAMPIONS")).toBeGreaterThan(medianSpend("ACTIVE"));
    expect(medianSpend("ACTIVE")).toBeGreaterThan(medianSpend("NEW"));
    expect(medianSpend("PREVIOUSLY_LOYAL")).toBeGreaterThan(medianSpend("DORMANT"));
    const present = new Set(scores.group);
    expect(present.size).toBe(RFM_GROUPS.length - 1); // all but PROSPECTS: everyone in the file ordered
  });
});
