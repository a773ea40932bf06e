import { describe, expect, it } from "vitest";
import { BLIND_INDEX_BITS, blindIndexOf } from "./blind-index.server";
import { normaliseEmail, normalisePhone } from "./normalise.server";

describe("normalisation", () => {
  it("given emails differing in case and spaces, then they normalise to one form", () => {
    expect(normaliseEmail("  Ann.Lee@Example.COM ")).toBe("ann.lee@example.com");
    expect(normaliseEmail("not an email")).toBeNull();
  });

  it("given international phone numbers in several notations, then each becomes E.164", () => {
    expect(normalisePhone("+44 20 7946 0018")).toBe("+442079460018");
    expect(normalisePhone("0044 (20) 7946-0018")).toBe("+442079460018");
    expect(normalisePhone("+1.415.555.2671")).toBe("+14155552671");
  });

  it("given a national number, then it is only accepted with a default calling code, without its trunk 0", () => {
    expect(normalisePhone("020 7946 0018")).toBeNull();
    expect(normalisePhone("020 7946 0018", { defaultCallingCode: "44" })).toBe("+442079460018");
    expect(normalisePhone("+12")).toBeNull();
  });
});

describe("blind index", () => {
  it("given the same value and key, then the index is stable, truncated to the chosen bits", () => {
    const key = Buffer.alloc(32, 1);
    const index = blindIndexOf(key, "ann@example.com");
    expect(index).toBe(blindIndexOf(key, "ann@example.com"));
    expect(parseInt(index, 16)).toBeLessThan(2 ** BLIND_INDEX_BITS);
    expect(index).toHaveLength(3);
  });

  it("given many values, then the indexes spread over the whole range (about R / 2^bits per value)", () => {
    const key = Buffer.alloc(32, 2);
    const seen = new Set(Array.from({ length: 20_000 }, (_, i) => blindIndexOf(key, `customer${i}@example.com`)));
    expect(seen.size).toBeGreaterThan(0.95 * 2 ** BLIND_INDEX_BITS);
  });
});
