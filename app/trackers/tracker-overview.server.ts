// The admin's Trackers section: the shop's last scan, what loads before consent (violations), what
// the embed now holds, and what changed since the scan before it (a new tracker is an alert).
import type { Db } from "../db.server";
import type { FoundTracker } from "./classify-observations.server";
import type { ScanMethod } from "./storefront-scanner.server";

export interface TrackerOverview {
  scannedAt: string;
  method: ScanMethod;
  pages: { path: string; ms: number }[];
  trackers: FoundTracker[];
  /** Loaded before consent though not necessary (or unknown to the database). */
  violations: string[];
  held: string[];
  /** Since the previous scan; null when this is the first. */
  added: string[] | null;
  removed: string[] | null;
}

const parse = <T>(json: string) => JSON.parse(json) as T;

export async function trackerOverview({ db, shop }: { db: Db; shop: string }): Promise<TrackerOverview | null> {
  const [latest, previous] = await db.trackerScan.findMany({ where: { shop }, orderBy: { scannedAt: "desc" }, take: 2 });
  if (!latest) return null;
  const trackers = parse<FoundTracker[]>(latest.trackers);
  const names = new Set(trackers.map((t) => t.name));
  const before = previous ? new Set(parse<FoundTracker[]>(previous.trackers).map((t) => t.name)) : null;
  return {
    scannedAt: latest.scannedAt.toISOString(),
    method: latest.method as ScanMethod,
    pages: parse(latest.pages),
    trackers,
    violations: trackers.filter((t) => t.loadedBeforeConsent && t.category !== "necessary").map((t) => t.name),
    held: trackers.filter((t) => t.held).map((t) => t.name),
    added: before ? [...names].filter((name) => !before.has(name)) : null,
    removed: before ? [...before].filter((name) => !names.has(name)) : null,
  };
}
