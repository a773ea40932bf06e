import { describe, expect, it } from "vitest";
import { dayInputFormat } from "./day-input";

describe("days as the admin types and reads them", () => {
  it.each([
    ["en", "01/15/2026"],
    ["de", "15.01.2026"],
  ] as const)("given %s, then a day reads in that language's order and what it shows parses back", (locale, shown) => {
    const days = dayInputFormat(locale);
    expect(days.format("2026-01-15")).toBe(shown);
    expect(days.example).toBe(shown);
    expect(days.parse(shown)).toBe("2026-01-15");
    expect(days.format("")).toBe("");
  });

  it("given loose typing, then single digits, other separators and ISO order are understood", () => {
    expect(dayInputFormat("de").parse(" 5.3.2026 ")).toBe("2026-03-05");
    expect(dayInputFormat("en").parse("3-5-2026")).toBe("2026-03-05");
    expect(dayInputFormat("en").parse("2026-03-05")).toBe("2026-03-05");
    expect(dayInputFormat("de").parse("2026/3/5")).toBe("2026-03-05");
  });

  it("given what is not a real day, then nothing is parsed", () => {
    const de = dayInputFormat("de");
    for (const text of ["", "15.01", "31.02.2026", "00.01.2026", "15.13.2026", "15.01.26", "heute", "1.2.3.4"]) expect(de.parse(text)).toBeNull();
    expect(dayInputFormat("en").parse("15/01/2026")).toBeNull();
    expect(de.parse("29.02.2028")).toBe("2028-02-29");
  });
});
