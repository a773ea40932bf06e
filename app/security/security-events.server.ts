// The security log: how often something that looks like an attack (or a sensitive operation) happened,
// per shop, kind and minute. Recording happens on request paths, so it never waits and never throws:
// events are counted in memory and written in the background, one row per shop, kind and minute
// whatever their number, with a bounded number of distinct rows per flush (beyond it, under "*"). A shop named in an
// unauthenticated request (a forged webhook header) is only believed if it is installed; anything else
// is counted under "*", so forged names cannot create rows. Entries hold no request data at all.
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { batchesOf } from "../id-batches.server";
import { type SecurityEventKind, thresholdCrossed } from "./security-thresholds.server";

/** Shop of events that named no installed shop. */
export const UNKNOWN_SHOP = "*";
/** How long counts are kept: enough to compare a month with the ones before it. */
export const SECURITY_EVENT_RETENTION_DAYS = 90;
const MINUTE_MS = 60_000;

export interface SecurityLog {
  /** Counts one event. Synchronous and cheap; never throws. */
  record(event: { shop: string | null; kind: SecurityEventKind; at?: Date }): void;
  /** Writes what was counted so far (tests and shutdown call it; a timer calls it otherwise). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export function createSecurityLog({
  db,
  log,
  flushEveryMs = 2_000,
  maxPendingRows = 2_000,
}: {
  db: Db;
  log: Logger;
  flushEveryMs?: number;
  /** Distinct shop/kind/minute rows held between flushes; events beyond it are counted under "*". */
  maxPendingRows?: number;
}): SecurityLog {
  let pending = new Map<string, number>();
  let folded = 0;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();

  async function write(batch: Map<string, number>, foldedNow: number) {
    if (foldedNow) log.warn({ folded: foldedNow }, "security events counted under * : more distinct shop/kind/minute rows than one flush holds");
    if (!batch.size) return;
    const events = [...batch].map(([key, count]) => {
      const [shop, kind, minute] = JSON.parse(key) as [string, SecurityEventKind, number];
      return { shop, kind, minute: new Date(minute), count };
    });
    const named = [...new Set(events.map((event) => event.shop).filter((shop) => shop !== UNKNOWN_SHOP))];
    const installed = new Set<string>();
    for (const domains of batchesOf(named)) {
      for (const row of await db.shop.findMany({ where: { domain: { in: domains } }, select: { domain: true } })) installed.add(row.domain);
    }
    const merged = new Map<string, { shop: string; kind: SecurityEventKind; minute: Date; count: number }>();
    for (const event of events) {
      const shop = installed.has(event.shop) ? event.shop : UNKNOWN_SHOP;
      const key = `${shop}|${event.kind}|${event.minute.getTime()}`;
      const existing = merged.get(key);
      if (existing) existing.count += event.count;
      else merged.set(key, { ...event, shop });
    }
    for (const { shop, kind, minute, count } of merged.values()) {
      await db.securityEventCount.upsert({
        where: { shop_kind_minute: { shop, kind, minute } },
        create: { shop, kind, minute, count },
        update: { count: { increment: count } },
      });
    }
    const perKind = new Map<string, { shop: string; kind: SecurityEventKind; at: Date; added: number }>();
    for (const { shop, kind, minute, count } of merged.values()) {
      const key = `${shop}|${kind}`;
      const seen = perKind.get(key);
      perKind.set(key, { shop, kind, at: seen && seen.at > minute ? seen.at : minute, added: (seen?.added ?? 0) + count });
    }
    for (const { shop, kind, at, added } of perKind.values()) {
      const alert = await thresholdCrossed({ db, shop, kind, at, added });
      // Error level on purpose: operators page on it. The shop is a domain, not personal data.
      if (alert) log.error({ shop, kind, count: alert.count, windowMinutes: alert.windowMinutes }, "security alert: events over threshold");
    }
  }

  const flush = () => {
    const batch = pending;
    const foldedNow = folded;
    pending = new Map();
    folded = 0;
    flushing = flushing
      .then(() => write(batch, foldedNow))
      .catch((error: unknown) => log.warn({ err: error }, "security events could not be written; these counts are lost"));
    return flushing;
  };

  return {
    record({ shop, kind, at = new Date() }) {
      try {
        const minute = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
        let key = JSON.stringify([shop ?? UNKNOWN_SHOP, kind, minute]);
        if (!pending.has(key) && pending.size >= maxPendingRows) {
          // Full (many distinct shop names at once): the event still counts, under "*", whose keys are
          // bounded by kinds × minutes, so a flood stays visible without growing the map.
          key = JSON.stringify([UNKNOWN_SHOP, kind, minute]);
          folded++;
        }
        pending.set(key, (pending.get(key) ?? 0) + 1);
        timer ??= setTimeout(() => {
          timer = null;
          void flush();
        }, flushEveryMs).unref();
      } catch (error) {
        log.warn({ err: error }, "security event not recorded");
      }
    },
    flush,
    async stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
    },
  };
}

/** Deletes counts older than SECURITY_EVENT_RETENTION_DAYS, in every shop (retention calls it). */
export async function pruneSecurityEvents({ db, now = new Date() }: { db: Db; now?: Date }): Promise<number> {
  const before = new Date(now.getTime() - SECURITY_EVENT_RETENTION_DAYS * 24 * 3600 * 1000);
  return (await db.securityEventCount.deleteMany({ where: { minute: { lt: before } } })).count;
}
