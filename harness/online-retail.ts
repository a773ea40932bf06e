// The shared Online Retail file (read in place, never copied into the repository).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { parseLineItemsCsv, type LineItems } from "../app/personalization/line-items";

export const ONLINE_RETAIL = "/work/shared/data/online-retail-2010-12-to-2011-09.csv.gz";

let cached: LineItems | undefined;

export function onlineRetail(): LineItems {
  cached ??= parseLineItemsCsv(gunzipSync(readFileSync(ONLINE_RETAIL)).toString("utf8"));
  return cached;
}
