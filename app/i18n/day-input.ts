// A calendar day as the admin types and reads it in their language: "01/15/2026" in English,
// "15.01.2026" in German. A native date input would show the browser's format instead, whatever
// language the admin is in. ISO ("2026-01-15") is accepted in every language too.
import type { Locale } from "./i18n";

export interface DayInputFormat {
  /** "2026-01-15" as the admin reads it; "" for "". */
  format(isoDay: string): string;
  /** What the admin typed as "2026-01-15", or null when it is no real day. */
  parse(text: string): string | null;
  /** An example the admin can follow ("01/15/2026"). */
  example: string;
}

type Part = "year" | "month" | "day";
const pad = (value: number) => String(value).padStart(2, "0");

export function isoDay(year: number, month: number, day: number): string | null {
  const at = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 February over into March: only a day that reads back the same is real.
  if (year < 1000 || year > 9999 || at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

export function dayInputFormat(locale: Locale): DayInputFormat {
  const numeric = new Intl.DateTimeFormat(locale, { year: "numeric", month: "2-digit", day: "2-digit", timeZone: "UTC" });
  const order = numeric
    .formatToParts(new Date(Date.UTC(2026, 0, 15)))
    .map((part) => part.type)
    .filter((type): type is Part => type === "year" || type === "month" || type === "day");
  const format = (iso: string) => (iso ? numeric.format(new Date(`${iso}T00:00:00Z`)) : "");
  return {
    format,
    example: format("2026-01-15"),
    parse(text) {
      const numbers = text.trim().split(/\D+/).filter(Boolean);
      if (numbers.length !== 3) return null;
      // A leading four-digit year is ISO order in every language.
      const parts: Part[] = numbers[0]!.length === 4 ? ["year", "month", "day"] : order;
      const value = Object.fromEntries(parts.map((part, index) => [part, Number(numbers[index])])) as Record<Part, number>;
      return isoDay(value.year, value.month, value.day);
    },
  };
}
