// Dates, times and numbers as the admin reads them: in the admin's language and the shop's time
// zone. The zone comes from the loader, never from the machine rendering, so the server and the
// browser produce the same text whatever zone either of them runs in (no hydration mismatch).
import type { Locale } from "./i18n";

export interface AdminFormat {
  date(iso: string | Date): string;
  /** A calendar day ("2026-11-20", already in the shop's zone), the same in every zone. */
  day(isoDay: string): string;
  dateTime(iso: string | Date): string;
  number(value: number): string;
  percent(ratio: number): string;
  bytes(count: number): string;
}

export function adminFormat({ locale, timeZone }: { locale: Locale; timeZone: string }): AdminFormat {
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const kilobytes = new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: 1 });
  const bytes = new Intl.NumberFormat(locale, { style: "unit", unit: "byte" });
  return {
    date: (at) => date.format(new Date(at)),
    day: (isoDay) => day.format(new Date(`${isoDay}T00:00:00Z`)),
    dateTime: (at) => dateTime.format(new Date(at)),
    number: (value) => number.format(value),
    percent: (ratio) => percent.format(ratio),
    bytes: (count) => (count < 1024 ? bytes.format(count) : kilobytes.format(count / 1024)),
  };
}

/** A zone Intl knows, else UTC (a stored or passed zone name is never trusted blindly). */
export function knownTimeZone(zone: string | null | undefined): string {
  if (!zone) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return "UTC";
  }
}

/**
 * The instant a calendar day ("2026-11-20") starts in `timeZone`, or `days` later: date filters are
 * whole days as the shop lives them, not UTC days.
 */
export function dayStartInZone(day: string, timeZone: string, days = 0): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, date + days);
  // The zone's offset at that moment, read back from Intl; applied twice to settle across a DST change.
  const offset = (at: number) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
        .formatToParts(new Date(at))
        .map((part) => [part.type, Number(part.value)]),
    ) as Record<string, number>;
    return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - at;
  };
  const first = guess - offset(guess);
  return new Date(guess - offset(first));
}

/** The calendar day ("2026-11-20") an instant falls on in `timeZone`: what a date field shows for it. */
export function dayInZone(at: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(at));
}
