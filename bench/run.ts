// npm run bench: builds the app for production, runs every benchmark, prints one table.
// Each benchmark measures the app next to its baseline in the same run; compare the ratios, not
// absolute numbers, across machines.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { analyticsBench } from "./analytics.bench";
import { backupsBench } from "./backups.bench";
import type { Bench, BenchRow } from "./lib/harness";
import { bulkIngestBench } from "./bulk-ingest.bench";
import { consentBannerBench } from "./consent-banner.bench";
import { consentReceiptsBench } from "./consent-receipts.bench";
import { customersBench } from "./customers.bench";
import { personalizationBench } from "./personalization.bench";
import { personalizationRealtimeBench } from "./personalization-realtime.bench";
import { personalizationThroughputBench } from "./personalization-throughput.bench";
import { redactionLatencyBench } from "./redaction-latency.bench";
import { retentionBench } from "./retention.bench";
import { rowLevelSecurityBench } from "./row-level-security.bench";
import { scaleOutBench } from "./scale-out.bench";
import { trackerScanBench } from "./tracker-scan.bench";
import { vaultBench } from "./vault.bench";
import { webhookAckBenches } from "./webhook-ack.bench";

const BENCHES: Bench[] = [
  ...webhookAckBenches,
  consentReceiptsBench,
  consentBannerBench,
  redactionLatencyBench,
  vaultBench,
  rowLevelSecurityBench,
  customersBench,
  bulkIngestBench,
  personalizationBench,
  personalizationRealtimeBench,
  personalizationThroughputBench,
  scaleOutBench,
  backupsBench,
  retentionBench,
  trackerScanBench,
  analyticsBench,
];
const root = path.resolve(import.meta.dirname, "..");
const only = process.argv[2];

console.log("building the app (remix vite:build)…");
execFileSync(path.join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root, stdio: "ignore" });

const rows: BenchRow[] = [];
for (const bench of BENCHES.filter((b) => !only || b.name.includes(only))) {
  console.log(`running ${bench.name}…`);
  rows.push(...(await bench.run()));
}
console.table(rows.map((row) => ({ ...row, vsBaseline: row.vsBaseline ?? "" })));
process.exit(0);
