// One analytics table as a Parquet file (hyparquet-writer): each batch becomes a row group and is
// handed to the export's file before the next is read, so memory holds one batch, not the table.
import type { SchemaElement } from "hyparquet";
import { ByteWriter, ParquetWriter, type Writer } from "hyparquet-writer";
import type { AnalyticsColumn, AnalyticsColumnType, AnalyticsRow, TableSink } from "./analytics-table.server";
import type { ExportFile } from "./export-target.server";

const PARQUET_TYPES: Record<AnalyticsColumnType, Pick<SchemaElement, "type" | "converted_type">> = {
  string: { type: "BYTE_ARRAY", converted_type: "UTF8" },
  int: { type: "INT32" },
  double: { type: "DOUBLE" },
  timestamp: { type: "INT64", converted_type: "TIMESTAMP_MILLIS" },
  date: { type: "INT32", converted_type: "DATE" },
  boolean: { type: "BOOLEAN" },
};

/** A byte buffer that hands what it holds to the file after each row group and at the end. */
function fileWriter(file: ExportFile): Writer {
  const writer = new ByteWriter();
  const flush = async () => {
    const bytes = writer.getBytes().slice();
    writer.index = 0;
    await file.write(bytes);
  };
  return Object.assign(writer, { flush, finish: flush });
}

export function parquetSink({ file, columns }: { file: ExportFile; columns: readonly AnalyticsColumn[] }): TableSink {
  const schema: SchemaElement[] = [
    { name: "root", num_children: columns.length },
    ...columns.map(({ name, type, nullable }) => ({ name, ...PARQUET_TYPES[type], repetition_type: nullable ? ("OPTIONAL" as const) : ("REQUIRED" as const) })),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(file), schema, createdBy: "consent-vault analytics export" });
  return {
    async write(rows: AnalyticsRow[]) {
      if (rows.length === 0) return;
      await writer.write({ columnData: columns.map(({ name }) => ({ name, data: rows.map((row) => row[name] ?? null) })), rowGroupSize: rows.length });
    },
    async finish() {
      await writer.finish();
    },
  };
}
