import { describe, expect, it } from "vitest";
import { PROFILES, syntheticCustomers } from "../../harness/synthetic-customers";
import { translator } from "../i18n/i18n";
import { clusterCustomers } from "./customer-clusters";
import { kmeans } from "./kmeans";
import { seededRandom } from "./prng";

const profiles = [PROFILES.loyal, PROFILES.occasional, PROFILES.oneOff];

/** Share of each true group that lands in its most common cluster, and which cluster that is. */
function purity(profile: Int32Array, assignment: Int32Array, groups: number) {
  return Array.from({ length: groups }, (_, g) => {
    const counts = new Map<number, number>();
    profile.forEach((p, i) => p === g && counts.set(assignment[i]!, (counts.get(assignment[i]!) ?? 0) + 1));
    const [cluster, size] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    return { cluster, share: size / profile.filter((p) => p === g).length };
  });
}

describe("k-means++", () => {
  it("given two far-apart blobs in the plane, when k = 2, then each blob is one cluster", () => {
    const random = seededRandom(3);
    const data = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? 0 : 10) + random());
    const fit = kmeans({ points: { data, rows: 200, cols: 2 }, k: 2, random: seededRandom(1) });
    const first = fit.assignment[0];
    expect([...fit.assignment.subarray(0, 100)].every((c) => c === first)).toBe(true);
    expect([...fit.assignment.subarray(100)].every((c) => c !== first)).toBe(true);
  });
});

describe("customer clusters", () => {
  it("given three well-separated behaviour profiles, when clustered, then k = 3 is chosen and each profile is one cluster in merchant words", () => {
    const customers = syntheticCustomers(profiles, 500, 11);
    const result = clusterCustomers(customers, { seed: 7 });
    expect(result.k).toBe(3);
    expect(result.silhouette).toBeGreaterThan(0.7);
    const groups = purity(customers.profile, result.assignment, 3);
    for (const group of groups) expect(group.share).toBeGreaterThan(0.99);
    expect(new Set(groups.map((g) => g.cluster)).size).toBe(3);
    expect(result.descriptions[groups[0]!.cluster]!.label).toBe("Frequent, high-spending, recent buyers");
    expect(result.descriptions[groups[1]!.cluster]!.label).toBe("Occasional, mid-spending, lapsing buyers");
    expect(result.descriptions[groups[2]!.cluster]!.label).toBe("One-time, low-spending, lapsed buyers");
    expect(result.descriptions[groups[0]!.cluster]!.traits).toEqual({ frequency: "frequent", spend: "high", recency: "recent" });
    // The admin words the same traits in its language.
    const german = translator("de");
    const { frequency, spend, recency } = result.descriptions[groups[2]!.cluster]!.traits;
    expect(german("segments.clusterTraits", { frequency: german(`segments.buyerFrequency.${frequency}`), spend: german(`segments.buyerSpend.${spend}`), recency: german(`segments.buyerRecency.${recency}`) })).toBe(
      "Einmalkäufer, geringe Ausgaben, lange nicht gekauft",
    );
  });

  it("given the same customers and seed twice, when clustered, then assignments and centroids are identical", () => {
    const customers = syntheticCustomers([...profiles, { daysSinceLastOrder: 30, orders: 8, amountSpent: 900 }], 3_000, 5, 0.6);
    const options = { seed: 42, selectionSample: 4_000, silhouetteSample: 800 };
    const first = clusterCustomers(customers, options);
    const second = clusterCustomers(customers, options);
    expect(second.k).toBe(first.k);
    expect(second.assignment).toEqual(first.assignment);
    expect(second.centroids).toEqual(first.centroids);
    expect(second.descriptions).toEqual(first.descriptions);
  });

  it("given more customers than the selection sample, when clustered, then the full fit still recovers the profiles", () => {
    const customers = syntheticCustomers(profiles, 10_000, 13);
    const result = clusterCustomers(customers, { seed: 1, selectionSample: 3_000, silhouetteSample: 600 });
    expect(result.k).toBe(3);
    expect(result.assignment.length).toBe(30_000);
    for (const group of purity(customers.profile, result.assignment, 3)) expect(group.share).toBeGreaterThan(0.99);
  });
});
