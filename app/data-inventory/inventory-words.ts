// The data inventory and the recipients register in the merchant's words, the same on the Data &
// recipients page and in the records of processing. Not a .server module: the page renders these in
// the browser too.
import { LOCALES, type Locale, type Translate } from "../i18n/i18n";
import type { DataCategoryId } from "./data-categories.server";
import type { ShopRetention } from "./shop-inventory.server";

export function retentionText(retention: ShopRetention, t: Translate): string {
  if ("fixed" in retention) return t(`data.retention.fixed.${retention.fixed}`);
  const period = t(`data.retention.${retention.unit}`, { count: retention.value });
  // Customer data also goes with the customer's or the shop's erasure, before the period ends.
  return retention.kind === "inactiveCustomerMonths" ? t("data.retention.afterInactivity", { period }) : period;
}

export const categoryNames = (categories: readonly DataCategoryId[], t: Translate) => categories.map((id) => t(`data.categories.${id}.name`)).join(", ");

/** "DE" → "Germany" in the admin's language (on the server: the browser's names differ for a few). */
export const countryName = (code: string, locale: string) => new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;

/**
 * Country names in every admin language, sorted by name, for a loader to hand to the page: Chromium
 * names some countries differently from Node's ICU (Hong Kong, Macao, Palestine, the Falklands), so
 * names made in the browser would not match the server's markup.
 */
export function countryNamesFor(codes: readonly string[]): Record<Locale, { value: string; label: string }[]> {
  const sorted = (locale: Locale) => codes.map((value) => ({ value, label: countryName(value, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale));
  return Object.fromEntries(LOCALES.map((locale) => [locale, sorted(locale)])) as Record<Locale, { value: string; label: string }[]>;
}
