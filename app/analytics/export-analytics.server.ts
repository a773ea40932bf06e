// `npm run analytics:export`: a shop's analytics dataset (analytics-dataset.server.ts) as one file per
// table and format. Each table is read once, batch by batch, and fed to every format's file. Handing
// the dataset out is recorded in the shop's audit trail with what it held; an export that fails
// midway (its audit entry included) removes the files it wrote, so no unaudited dataset is left behind.
import { mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { requireCurrentAgreement } from "../recipients/recipient-agreement.server";
import { isShopInstalled } from "../shops/installation.server";
import { ANALYTICS_TABLES } from "./analytics-dataset.server";
import type { TableSink } from "./analytics-table.server";
import { csvSink } from "./csv-sink.server";
import { fillAnalyticsRefs } from "./fill-analytics-refs.server";
import { parquetSink } from "./parquet-sink.server";

export type AnalyticsFormat = "parquet" | "csv";

export class ShopNotInstalledError extends Error {}

export interface ExportedTable {
  table: string;
  rows: number;
  files: { format: AnalyticsFormat; path: string; bytes: number }[];
}

const openSink = (format: AnalyticsFormat, options: Parameters<typeof csvSink>[0]): Promise<TableSink> | TableSink =>
  format === "csv" ? csvSink(options) : parquetSink(options);

export async function exportAnalyticsDataset({
  db,
  shop,
  outDir,
  formats,
  actor,
  recipientId,
  now = new Date(),
}: {
  db: Db;
  shop: string;
  outDir: string;
  formats: readonly AnalyticsFormat[];
  actor: string;
  /** The registered recipient the files are for (a BI provider), when not for the merchant's own use. */
  recipientId?: string;
  now?: Date;
}): Promise<ExportedTable[]> {
  if (!(await isShopInstalled({ db, shop }))) throw new ShopNotInstalledError(`the app is not installed in ${shop} (according to this database)`);
  // Nothing is written for a recipient without a current agreement (GDPR Art. 28, decision 020).
  const recipient = recipientId ? await requireCurrentAgreement({ db, shop, recipientId, now }) : null;
  await fillAnalyticsRefs({ db, shop });
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const exported: ExportedTable[] = [];
  try {
    for (const table of ANALYTICS_TABLES) {
      const paths = formats.map((format) => ({ format, path: join(outDir, `${table.name}.${format}`) }));
      written.push(...paths.map(({ path }) => path));
      const sinks = await Promise.all(paths.map(({ format, path }) => openSink(format, { path, columns: table.columns })));
      let rows = 0;
      for await (const batch of table.batches({ db, shop })) {
        for (const sink of sinks) await sink.write(batch);
        rows += batch.length;
      }
      for (const sink of sinks) await sink.finish();
      exported.push({ table: table.name, rows, files: await Promise.all(paths.map(async (file) => ({ ...file, bytes: (await stat(file.path)).size }))) });
    }
    await recordAudit(db, { shop, actor, action: "analytics.exported", detail: { formats, recipient, rows: Object.fromEntries(exported.map(({ table, rows }) => [table, rows])) } }, now);
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
  return exported;
}
