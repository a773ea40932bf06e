import { describe, expect, it } from "vitest";
import { onlineRetail } from "../../../harness/online-retail";
import { lineItemsBetween } from "../line-items";
import { compareRecommenders, DEFAULT_GRIDS } from "./model-selection";

describe("recommendations on the Online Retail time split", () => {
  it("given training on 2010-12…2011-06 and testing on 2011-07…2011-09, when all models are compared, then ours beats popularity and item-kNN on NDCG@10", () => {
    const all = onlineRetail();
    const train = lineItemsBetween(all, Date.parse("2010-12-01T00:00:00Z"), Date.parse("2011-07-01T00:00:00Z"));
    const test = lineItemsBetween(all, Date.parse("2011-07-01T00:00:00Z"), Date.parse("2011-10-01T00:00:00Z"));
    // EASE^R's λ is searched by `npm run eval:recs` (each λ is a dense 3,508² inverse, minutes on this
    // machine); the search picks λ = 300 on the validation split, so the test runs that λ only.
    const { set, runs } = compareRecommenders(train, test, { ...DEFAULT_GRIDS, easeLambdas: [300] });
    expect(set.testUsers).toHaveLength(1444);
    const ndcg = Object.fromEntries(runs.map((run) => [run.model, run.evaluated.metrics.ndcg]));
    const ours = ndcg["Trending neighbours (ours)"]!;
    expect(ours).toBeGreaterThan(ndcg["Global popularity"]!);
    expect(ours).toBeGreaterThan(ndcg["Item-kNN cosine"]!);
    // Against EASE^R it is level, not ahead (0.1405 vs 0.1406, docs/decisions/006): not asserted until it wins.
  }, 600_000);
});
