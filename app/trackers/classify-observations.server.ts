// From what the pages showed to trackers: each request, cookie and storage key classified through
// the tracker database and grouped by tracker, with its vendor, category, purpose, sources and
// whether it loaded before consent or was held by the embed.
import type { PageObservations, ObservationKind, TrackerSource } from "./page-observations";
import type { ConsentCategory, TrackerClassifier } from "./tracker-classifier.server";

export interface FoundTracker {
  /** The database's tracker name, or the host of an unclassified one. */
  name: string;
  vendor: string | null;
  /** null: the database does not know it. */
  category: ConsentCategory | null;
  purpose: string | null;
  hosts: string[];
  kinds: ObservationKind[];
  sources: TrackerSource[];
  apps: string[];
  pages: string[];
  cookies: string[];
  storageKeys: string[];
  /** Something of it was requested before any consent. */
  loadedBeforeConsent: boolean;
  /** The embed held it until consent (seen on the page as a held tag). */
  held: boolean;
  /**
   * Chromium's preload scanner fetched a held script ahead (it never ran): only the theme writing the
   * tag as type="text/plain" data-consent avoids that request.
   */
  fetchedWhileHeld: boolean;
}

export interface ClassifiedScan {
  trackers: FoundTracker[];
  /** First-party cookies and storage keys no tracker can be named for (set by the shop's own code). */
  unattributed: { kind: "cookie" | "storage"; name: string }[];
}

const add = <T>(list: T[], value: T) => {
  if (!list.includes(value)) list.push(value);
};

export function classifyObservations({ pages, classifier, origin }: { pages: PageObservations[]; classifier: TrackerClassifier; origin: string }): ClassifiedScan {
  const trackers = new Map<string, FoundTracker>();
  const unattributed = new Map<string, { kind: "cookie" | "storage"; name: string }>();
  const trackerFor = (url: URL, type: Parameters<TrackerClassifier["classifyUrl"]>[0]["type"], pageUrl: string) => {
    const classification = classifier.classifyUrl({ url: url.href, type, pageUrl });
    const name = classification?.tracker ?? url.hostname;
    let tracker = trackers.get(name);
    if (!tracker) {
      tracker = { name, vendor: classification?.vendor ?? null, category: classification?.category ?? null, purpose: classification?.purpose ?? null, hosts: [], kinds: [], sources: [], apps: [], pages: [], cookies: [], storageKeys: [], loadedBeforeConsent: false, held: false, fetchedWhileHeld: false };
      trackers.set(name, tracker);
    }
    add(tracker.hosts, url.hostname);
    return tracker;
  };

  for (const page of pages) {
    const pageUrl = new URL(page.page, origin).href;
    const held = new Set(page.held.map((url) => new URL(url, pageUrl).href));
    for (const request of page.requests) {
      const url = new URL(request.url);
      const tracker = trackerFor(url, request.type, pageUrl);
      add(tracker.kinds, request.kind);
      add(tracker.sources, request.source);
      if (request.app) add(tracker.apps, request.app);
      add(tracker.pages, page.page);
      // Chromium may fetch a held script ahead (its preload scanner) but never runs it. An iframe or
      // pixel the parser inserted has already made its request when it is held: that counts as loaded.
      if (held.has(url.href) && request.kind === "script") tracker.held = tracker.fetchedWhileHeld = true;
      else tracker.loadedBeforeConsent = true;
    }
    for (const url of held) {
      const tracker = trackerFor(new URL(url), "script", pageUrl);
      tracker.held = true;
      add(tracker.pages, page.page);
    }
    for (const name of page.names) {
      const setBy = name.setBy ? new URL(name.setBy) : null;
      if (!setBy || setBy.hostname === new URL(origin).hostname) {
        unattributed.set(`${name.kind}|${name.name}`, { kind: name.kind, name: name.name });
        continue;
      }
      const tracker = trackerFor(setBy, "script", pageUrl);
      add(name.kind === "cookie" ? tracker.cookies : tracker.storageKeys, name.name);
      tracker.loadedBeforeConsent = true;
    }
  }
  const order = (t: FoundTracker) => (t.category === null ? 4 : ["marketing", "analytics", "preferences", "necessary"].indexOf(t.category));
  return { trackers: [...trackers.values()].sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name)), unattributed: [...unattributed.values()] };
}
