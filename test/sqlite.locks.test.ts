// SQLite shared with other processes: a lock held elsewhere never freezes this process, readers never
// meet "database is locked" while the app writes, and an erasure leaves no copy in the write-ahead log.
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { db, truncateWriteAheadLog } from "../app/db.server";
import { loader as healthz } from "../app/routes/healthz";
import { databaseMentions } from "./helpers/pii-scan";
import { lockFromAnotherProcess, readFromAnotherProcess } from "./helpers/sqlite-neighbour";

const target = config().database;

/** Settles to what the promise did, without an unhandled rejection in between. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; error?: unknown } = { settled: false };
  const done = promise.then(
    (value) => ((state.settled = true), value),
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return { state, done };
}

const newShop = (shop: string) => db().shop.create({ data: { domain: shop } });

describe.skipIf(target.provider !== "sqlite")("SQLite shared with other processes", () => {
  it("given the file, then it runs in WAL mode with secure_delete, seen from another connection too", async () => {
    await db().shop.count();
    const [setting] = await db().$queryRawUnsafe<{ secure_delete: bigint }[]>("PRAGMA secure_delete");
    expect(Number(setting?.secure_delete)).toBe(1);
    const other = createClient({ url: target.url });
    try {
      expect((await other.execute("PRAGMA journal_mode")).rows[0]?.[0]).toBe("wal");
    } finally {
      other.close();
    }
  });

  it("given another process holds the write lock, then the event loop keeps turning while a write waits, and the write lands once the lock goes", async () => {
    await db().shop.count();
    const lock = await lockFromAnotherProcess(target.url, "IMMEDIATE");
    const write = track(newShop("waits-for-lock.myshopify.com"));
    try {
      // Timers fire while the write waits: nothing sits inside a synchronous busy handler.
      await sleep(300);
      expect(write.state).toEqual({ settled: false });
      const health = await healthz();
      expect(health.status).toBe(200);
      // Reads do not wait for a writer at all.
      expect(await db().shop.count({ where: { domain: "waits-for-lock.myshopify.com" } })).toBe(0);
      expect(write.state).toEqual({ settled: false });
    } finally {
      await lock.release();
    }
    await write.done;
    expect(write.state).toEqual({ settled: true });
    expect(await db().shop.count({ where: { domain: "waits-for-lock.myshopify.com" } })).toBe(1);
  });

  it("given another process holds an exclusive lock, then reads (admin pages) still answer at once", async () => {
    await newShop("readable.myshopify.com");
    const lock = await lockFromAnotherProcess(target.url, "EXCLUSIVE");
    try {
      const read = track(db().shop.findMany({ where: { domain: "readable.myshopify.com" } }));
      const health = track(Promise.resolve(healthz()));
      await Promise.all([read.done, health.done]);
      expect(read.state).toEqual({ settled: true });
      expect(await db().shop.count()).toBeGreaterThan(0);
    } finally {
      await lock.release();
    }
  });

  it("given the app writing concurrently, then reads from another process never get 'database is locked'", async () => {
    await db().shop.count();
    const reader = await readFromAnotherProcess(target.url);
    let outcome: { reads: number; errors: string[] };
    try {
      for (let round = 0; round < 20; round++) {
        await Promise.all(Array.from({ length: 10 }, (_, i) => newShop(`busy-${round}-${i}.myshopify.com`)));
      }
    } finally {
      outcome = await reader.stop();
    }
    expect(outcome.errors).toEqual([]);
    expect(outcome.reads).toBeGreaterThan(0);
    expect(await db().shop.count({ where: { domain: { startsWith: "busy-" } } })).toBe(200);
  });

  it("given a row deleted, then its bytes are in the write-ahead log until it is truncated, and nowhere after", async () => {
    const email = "wal-erasure-marker@mail.example.com";
    await db().session.create({ data: { id: "offline_wal.myshopify.com", shop: "wal.myshopify.com", state: "", accessToken: "token", email } });
    await db().session.delete({ where: { id: "offline_wal.myshopify.com" } });
    // secure_delete zeroed the row in its page, but the log still has the page as it was before.
    expect(await databaseMentions([email])).toEqual([email]);
    expect(await truncateWriteAheadLog(db())).toBe(true);
    expect(await databaseMentions([email])).toEqual([]);
  });

  it("given another process in a write transaction, then truncating the log waits for it without blocking, and finishes once it ends", async () => {
    const email = "wal-reader-marker@mail.example.com";
    await db().session.create({ data: { id: "offline_walr.myshopify.com", shop: "walr.myshopify.com", state: "", accessToken: "token", email } });
    await db().session.delete({ where: { id: "offline_walr.myshopify.com" } });
    // A write transaction elsewhere keeps the log from being cut (it may append to it any moment).
    const lock = await lockFromAnotherProcess(target.url, "IMMEDIATE");
    const truncated = track(truncateWriteAheadLog(db()));
    try {
      await sleep(300);
      expect(truncated.state).toEqual({ settled: false });
    } finally {
      await lock.release();
    }
    await truncated.done;
    expect(await databaseMentions([email])).toEqual([]);
  });
});
