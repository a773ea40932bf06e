import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./retry-delay.server";

describe("retryDelayMs", () => {
  it("given exponential backoff from 1 minute over 10 attempts, then each failure waits twice the one before and the last is not retried", () => {
    const options = { attempts: 10, backoff: { type: "exponential", delay: 60_000 } };
    expect([1, 2, 3, 9].map((attempt) => retryDelayMs(options, attempt))).toEqual([60_000, 120_000, 240_000, 15_360_000]);
    expect(retryDelayMs(options, 10)).toBeNull();
  });

  it("given a fixed backoff as a number, or none, then every retry waits that long, or not at all", () => {
    expect(retryDelayMs({ attempts: 3, backoff: 5_000 }, 2)).toBe(5_000);
    expect(retryDelayMs({ attempts: 3 }, 1)).toBe(0);
  });
});
