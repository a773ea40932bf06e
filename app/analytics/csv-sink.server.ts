// One analytics table as CSV (RFC 4180: CRLF line ends, quoted where needed, a header row), written
// batch by batch. Text that a spreadsheet would run as a formula (starting with = + - @, or a tab or
// carriage return) gets a leading apostrophe: product ids and statuses come from Shopify and cannot be
// trusted to be plain. Numbers, dates and booleans are written as themselves.
import { csvCell } from "../privacy/customer-export.server";
import type { AnalyticsColumn, AnalyticsColumnType, AnalyticsValue, TableSink } from "./analytics-table.server";
import type { ExportFile } from "./export-target.server";

const FORMULA_START = /^[=+\-@\t\r]/;

function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(type: AnalyticsColumnType, value: AnalyticsValue): string {
  if (value === null) return "";
  if (value instanceof Date) return type === "date" ? value.toISOString().slice(0, 10) : value.toISOString();
  if (type === "string") return spreadsheetSafe(String(value));
  return String(value);
}

const utf8 = new TextEncoder();

export async function csvSink({ file, columns }: { file: ExportFile; columns: readonly AnalyticsColumn[] }): Promise<TableSink> {
  await file.write(utf8.encode(`${columns.map(({ name }) => csvCell(name)).join(",")}\r\n`));
  return {
    async write(rows) {
      if (rows.length === 0) return;
      await file.write(utf8.encode(rows.map((row) => `${columns.map(({ name, type }) => csvCell(cellText(type, row[name] ?? null))).join(",")}\r\n`).join("")));
    },
    async finish() {},
  };
}
