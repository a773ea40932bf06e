import { describe, expect, it } from "vitest";
import { adminFormat } from "./format";
import { resolveLocale, translator } from "./i18n";

describe("the admin's language", () => {
  it.each([
    ["de", "de"],
    ["de-DE", "de"],
    ["de_AT", "de"],
    ["en-US", "en"],
    ["fr", "en"],
    [null, "en"],
    ["", "en"],
  ])("given the admin locale %j, then the app speaks %s", (value, expected) => {
    expect(resolveLocale(value)).toBe(expected);
  });

  it("given a count, then the plural form of the language is chosen and the number formatted for it", () => {
    expect(translator("en")("requests.due.in", { count: 1 })).toBe("Due in 1 day");
    expect(translator("en")("requests.due.in", { count: 1200 })).toBe("Due in 1,200 days");
    expect(translator("de")("requests.due.in", { count: 1200 })).toBe("Fällig in 1.200 Tagen");
    expect(translator("de")("requests.due.overdue", { count: 1 })).toBe("Seit 1 Tag überfällig");
  });

  it("given a key no language has, then the key itself shows (and nothing throws)", () => {
    expect(translator("de")("nowhere.to.be.found")).toBe("nowhere.to.be.found");
    expect(translator("de")("requests.due")).toBe("requests.due");
  });

  it("given a time, then it reads in the zone passed whatever the machine's zone, in the language's format", () => {
    const at = "2026-11-20T10:00:00.000Z";
    expect(adminFormat({ locale: "de", timeZone: "Asia/Kolkata" }).dateTime(at)).toBe("20.11.2026, 15:30");
    expect(adminFormat({ locale: "en", timeZone: "America/Los_Angeles" }).dateTime(at)).toBe("Nov 20, 2026, 2:00 AM");
    expect(adminFormat({ locale: "de", timeZone: "UTC" }).bytes(1536)).toBe("1,5 kB");
  });
});
