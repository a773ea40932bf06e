import { describe, expect, it } from "vitest";
import { createKeyCache } from "./key-cache.server";

describe("key cache", () => {
  it("given more keys than it may hold, when one more is added, then the least recently used one goes", () => {
    const cache = createKeyCache({ maxEntries: 2 });
    cache.set("a", Buffer.from("a"));
    cache.set("b", Buffer.from("b"));
    cache.get("a");
    cache.set("c", Buffer.from("c"));

    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toEqual(Buffer.from("a"));
    expect(cache.get("c")).toEqual(Buffer.from("c"));
    expect(cache.size).toBe(2);
  });

  it("given a key older than the TTL, when it is read, then it is gone even though it was used", () => {
    let now = 1_000;
    const cache = createKeyCache({ ttlMs: 100, now: () => now });
    cache.set("a", Buffer.from("a"));
    now += 99;
    expect(cache.get("a")).toBeDefined();
    now += 1;
    expect(cache.get("a")).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("given keys of two shops, when one shop's prefix is dropped, then only that shop's keys go", () => {
    const cache = createKeyCache();
    cache.set("a.myshopify.com|customer|1", Buffer.from("1"));
    cache.set("a.myshopify.com|shop|1", Buffer.from("2"));
    cache.set("b.myshopify.com|customer|1", Buffer.from("3"));

    cache.deleteByPrefix("a.myshopify.com|");

    expect(cache.size).toBe(1);
    expect(cache.get("b.myshopify.com|customer|1")).toBeDefined();
  });
});
