// The shared Online Retail file (read in place, never copied into the repository).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseLineItemsCsv, type LineItems } from "../app/personalization/line-items";

export const ONLINE_RETAIL = "/work/shared/data/online-retail-2010-12-to-2011-09.csv.gz";

let cached: LineItems | undefined;

/** The purchases of a gzipped file in the Online Retail layout, cleaned as parseLineItemsCsv does. */
export function readOnlineRetailFile(file: string): LineItems {
  return parseLineItemsCsv(gunzipSync(readFileSync(file)).toString("utf8"));
}

export function onlineRetail(): LineItems {
  cached ??= readOnlineRetailFile(ONLINE_RETAIL);
  return cached;
}
