// npm run eval:recs -- [--train A.csv.gz --test B.csv.gz] [--recs-out recs.json]
// Compares the recommendation models on a time split of line-item CSV files (Online Retail layout,
// gzip or plain). Without --train/--test: the shared Online Retail file, trained on 2010-12 … 2011-06
// and tested on 2011-07 … 2011-09. Prints the table, then the metrics as JSON on the last line.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import { lineItemsBetween, parseLineItemsCsv, type LineItems } from "../app/personalization/line-items";
import { compareRecommenders } from "../app/personalization/recommendations/model-selection";

const ONLINE_RETAIL = "/work/shared/data/online-retail-2010-12-to-2011-09.csv.gz";

const { values } = parseArgs({ options: { train: { type: "string" }, test: { type: "string" }, "recs-out": { type: "string" } } });
if (Boolean(values.train) !== Boolean(values.test)) {
  console.error("give both --train and --test, or neither for the default Online Retail split");
  process.exit(2);
}

function read(file: string): LineItems {
  const bytes = readFileSync(file);
  return parseLineItemsCsv((file.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8"));
}

let train: LineItems;
let test: LineItems;
if (values.train && values.test) {
  train = read(values.train);
  test = read(values.test);
} else {
  const all = read(ONLINE_RETAIL);
  train = lineItemsBetween(all, Date.parse("2010-12-01T00:00:00Z"), Date.parse("2011-07-01T00:00:00Z"));
  test = lineItemsBetween(all, Date.parse("2011-07-01T00:00:00Z"), Date.parse("2011-10-01T00:00:00Z"));
}

const { set, runs } = compareRecommenders(train, test);
console.log(`${set.testUsers.length} test customers, ${set.data.items} products in the training catalogue`);
console.table(runs.map(({ model, chosen, evaluated: { metrics }, buildMs }) => ({
  model,
  "HitRate@10": metrics.hitRate.toFixed(4),
  "Precision@10": metrics.precision.toFixed(4),
  "Recall@10": metrics.recall.toFixed(4),
  "NDCG@10": metrics.ndcg.toFixed(4),
  coverage: metrics.coverage.toFixed(4),
  "build s": (buildMs / 1000).toFixed(2),
  "chosen on validation": chosen,
})));

if (values["recs-out"]) {
  const ours = runs[runs.length - 1]!;
  const recs = Object.fromEntries(set.testUsers.map((user, i) => [user.customerId, [...ours.evaluated.ranked[i]!].map((item) => set.train.productIds[item]!)]));
  writeFileSync(values["recs-out"], JSON.stringify(recs));
}
console.log(JSON.stringify(Object.fromEntries(runs.map(({ model, evaluated }) => [model, evaluated.metrics]))));
