// What one table of the analytics dataset is (docs/decisions/021-analytics-dataset.md): named, typed
// columns and the shop's rows in batches, so a writer (Parquet, CSV) never holds a large shop at once.
import type { Db } from "../db.server";

export type AnalyticsColumnType = "string" | "int" | "double" | "timestamp" | "date" | "boolean";

export interface AnalyticsColumn {
  name: string;
  type: AnalyticsColumnType;
  nullable?: boolean;
}

/** A date column's value is the UTC day as a Date at midnight; timestamps are Dates too. */
export type AnalyticsValue = string | number | boolean | Date | null;
export type AnalyticsRow = Record<string, AnalyticsValue>;

export interface AnalyticsTable {
  name: string;
  columns: readonly AnalyticsColumn[];
  batches(options: { db: Db; shop: string }): AsyncIterable<AnalyticsRow[]>;
}

/** Pages read in key order, each after the previous page's last row. */
export async function* keysetPages<Key, Row extends Key>(read: (after: Key | undefined) => Promise<Row[]>, pageSize: number): AsyncGenerator<Row[]> {
  for (let after: Key | undefined; ; ) {
    const page = await read(after);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    after = page.at(-1);
  }
}

/** Where an export writes one table: a file in one format, fed batch by batch. */
export interface TableSink {
  write(rows: AnalyticsRow[]): Promise<void>;
  finish(): Promise<void>;
}
