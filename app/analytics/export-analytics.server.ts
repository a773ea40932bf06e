// A shop's analytics dataset (analytics-dataset.server.ts) handed out as one file per table and
// format plus a README, into a folder (`npm run analytics:export`) or a zip streamed to the admin
// (export-target.server.ts). First the export is allowed or refused, before anything is produced;
// then each table is read once, batch by batch, and fed to every format's file. Handing the dataset
// out is recorded in the shop's audit trail with what it held; an export that fails midway (its
// audit entry included) aborts its target, so no unaudited dataset is left behind.
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import type { Locale } from "../i18n/i18n";
import { requireCurrentAgreement } from "../recipients/recipient-agreement.server";
import { isShopInstalled } from "../shops/installation.server";
import { shopTimeZone } from "../shops/time-zone.server";
import { ANALYTICS_TABLES } from "./analytics-dataset.server";
import type { TableSink } from "./analytics-table.server";
import { csvSink } from "./csv-sink.server";
import { datasetReadme, README_NAME } from "./dataset-readme.server";
import type { ExportTarget } from "./export-target.server";
import { fillAnalyticsRefs } from "./fill-analytics-refs.server";
import { parquetSink } from "./parquet-sink.server";

export type AnalyticsFormat = "parquet" | "csv";

/** What a merchant or the command line asks for, and the formats it means. */
export const FORMAT_CHOICES = { parquet: ["parquet"], csv: ["csv"], both: ["parquet", "csv"] } as const satisfies Record<string, readonly AnalyticsFormat[]>;
export type FormatChoice = keyof typeof FORMAT_CHOICES;

export class ShopNotInstalledError extends Error {}

export interface ExportedTable {
  table: string;
  rows: number;
  /** `name`: the file's name in the folder or archive. */
  files: { format: AnalyticsFormat; name: string; bytes: number }[];
}

/** An export that may go ahead: the shop has the app, and the recipient (if any) a current agreement. */
export interface AllowedExport {
  shop: string;
  recipient: { id: string; name: string; country: string } | null;
  now: Date;
  /** The shop's, for the README and the archive's name. */
  timeZone: string;
}

const openSink = (format: AnalyticsFormat, options: Parameters<typeof csvSink>[0]): Promise<TableSink> | TableSink =>
  format === "csv" ? csvSink(options) : parquetSink(options);

/** Throws ShopNotInstalledError or RecipientAgreementError; nothing is produced or recorded then. */
export async function allowAnalyticsExport({ db, shop, recipientId, now = new Date() }: { db: Db; shop: string; recipientId?: string; now?: Date }): Promise<AllowedExport> {
  if (!(await isShopInstalled({ db, shop }))) throw new ShopNotInstalledError(`the app is not installed in ${shop} (according to this database)`);
  // Nothing is written for a recipient without a current agreement (GDPR Art. 28, decision 020).
  const recipient = recipientId ? await requireCurrentAgreement({ db, shop, recipientId, now }) : null;
  return { shop, recipient, now, timeZone: await shopTimeZone({ db, shop }) };
}

/** Writes an allowed export into the target and records it; the one writer of the dataset. */
export async function writeAnalyticsDataset({
  db,
  allowed: { shop, recipient, now, timeZone },
  target,
  formats,
  actor,
  locale = "en",
}: {
  db: Db;
  allowed: AllowedExport;
  target: ExportTarget;
  formats: readonly AnalyticsFormat[];
  actor: string;
  /** The README's language. */
  locale?: Locale;
}): Promise<ExportedTable[]> {
  const exported: ExportedTable[] = [];
  try {
    await fillAnalyticsRefs({ db, shop });
    const readme = datasetReadme({ shop, recipient, formats, locale, now, timeZone });
    const readmeFile = await target.openFile(README_NAME);
    await readmeFile.write(new TextEncoder().encode(readme));
    await readmeFile.close();
    for (const table of ANALYTICS_TABLES) {
      const files = await Promise.all(formats.map(async (format) => ({ format, name: `${table.name}.${format}`, file: await target.openFile(`${table.name}.${format}`) })));
      const sinks = await Promise.all(files.map(({ format, file }) => openSink(format, { file, columns: table.columns })));
      let rows = 0;
      for await (const batch of table.batches({ db, shop })) {
        for (const sink of sinks) await sink.write(batch);
        rows += batch.length;
      }
      const written = [];
      for (const [index, sink] of sinks.entries()) {
        await sink.finish();
        const { format, name, file } = files[index]!;
        written.push({ format, name, bytes: await file.close() });
      }
      exported.push({ table: table.name, rows, files: written });
    }
    await recordAudit(db, { shop, actor, action: "analytics.exported", detail: { formats, recipient, rows: Object.fromEntries(exported.map(({ table, rows }) => [table, rows])) } }, now);
    await target.finish();
  } catch (error) {
    await target.abort(error);
    throw error;
  }
  return exported;
}

/** Allows and writes in one go, for callers that have nobody to answer before the files exist. */
export async function exportAnalyticsDataset({
  db,
  shop,
  recipientId,
  now,
  ...writing
}: { db: Db; shop: string; recipientId?: string; now?: Date } & Omit<Parameters<typeof writeAnalyticsDataset>[0], "db" | "allowed">): Promise<ExportedTable[]> {
  return writeAnalyticsDataset({ db, allowed: await allowAnalyticsExport({ db, shop, recipientId, now }), ...writing });
}
