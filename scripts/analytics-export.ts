// npm run analytics:export -- <shop> [--out <dir>] [--format parquet|csv|both] [--for <recipient id>]
// Writes the shop's pseudonymised analytics dataset, one file per table and format and a README.txt, for a BI tool
// (docs/decisions/021-analytics-dataset.md), and prints where and how many rows. Exits 2 on wrong usage.
import "./lib/load-env.mjs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { exportAnalyticsDataset, FORMAT_CHOICES, ShopNotInstalledError, type FormatChoice } from "../app/analytics/export-analytics.server";
import { directoryTarget } from "../app/analytics/export-target.server";
import { db } from "../app/db.server";
import { loadPrivacyKeys } from "../app/privacy/privacy-keys.server";
import { RecipientAgreementError } from "../app/recipients/recipient-agreement.server";
import { vault } from "../app/vault/vault.server";

const USAGE = "Usage: npm run analytics:export -- <shop>.myshopify.com [--out <dir>] [--format parquet|csv|both] [--for <recipient id from Data & recipients>]";

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { out: { type: "string" }, format: { type: "string", default: "both" }, for: { type: "string" } } });
} catch (error) {
  usage((error as Error).message);
}
const [shop, ...extra] = parsed.positionals;
if (!shop || !/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop) || extra.length > 0) usage("Name one shop.");
const formats = Object.hasOwn(FORMAT_CHOICES, parsed.values.format) ? FORMAT_CHOICES[parsed.values.format as FormatChoice] : undefined;
if (!formats) usage(`Unknown format "${parsed.values.format}".`);
const outDir = parsed.values.out ?? `analytics-export/${shop}`;

await loadPrivacyKeys(vault());
const started = performance.now();
try {
  const tables = await exportAnalyticsDataset({ db: db(), shop, target: directoryTarget(outDir), formats, actor: "cli:analytics:export", recipientId: parsed.values.for });
  for (const { table, rows, files } of tables) {
    console.log(`${table}: ${rows} rows → ${files.map(({ name, bytes }) => `${join(outDir, name)} (${bytes} bytes)`).join(", ")}`);
  }
  console.log(`written to ${outDir} in ${Math.round(performance.now() - started)} ms; recorded in ${shop}'s audit log`);
} catch (error) {
  if (!(error instanceof ShopNotInstalledError || error instanceof RecipientAgreementError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await db().$disconnect();
}
