// The data inventory and the recipients register in the merchant's words, the same on the Data &
// recipients page and in the records of processing. Not a .server module: the page renders these in
// the browser too.
import type { Translate } from "../i18n/i18n";
import type { DataCategoryId } from "./data-categories.server";
import type { ShopRetention } from "./shop-inventory.server";

export function retentionText(retention: ShopRetention, t: Translate): string {
  if ("fixed" in retention) return t(`data.retention.fixed.${retention.fixed}`);
  const period = t(`data.retention.${retention.unit}`, { count: retention.value });
  // Customer data also goes with the customer's or the shop's erasure, before the period ends.
  return retention.kind === "inactiveCustomerMonths" ? t("data.retention.afterInactivity", { period }) : period;
}

export const categoryNames = (categories: readonly DataCategoryId[], t: Translate) => categories.map((id) => t(`data.categories.${id}.name`)).join(", ");

/** "DE" → "Germany" in the admin's language. */
export const countryName = (code: string, locale: string) => new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
