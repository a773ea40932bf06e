// The one place that knows the tracker database. Everything else sees `classifyUrl`: a request URL in,
// Shopify's consent category, the vendor and the purpose out. Today it is Ghostery's TrackerDB (code
// MPL-2.0, data CC-BY-NC-SA-4.0: see docs/decisions/017-tracker-scanner-and-blocking.md before
// distributing commercially); another database replaces this file only.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import loadTrackerDB from "@ghostery/trackerdb";

/** Shopify's customer privacy categories; `necessary` is never held. */
export const CONSENT_CATEGORIES = ["necessary", "preferences", "analytics", "marketing"] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

export interface TrackerClassification {
  category: ConsentCategory;
  vendor: string;
  /** The tracker's name in the database (e.g. "Google Analytics"). */
  tracker: string;
  /** What the database says this kind of tracker does. */
  purpose: string;
}

export interface TrackerClassifier {
  /** null: the database does not know the URL (reported as unclassified, never guessed). */
  classifyUrl(request: { url: string; type: RequestType; pageUrl: string }): TrackerClassification | null;
}

export type RequestType = "script" | "sub_frame" | "image" | "xhr" | "fetch" | "ping" | "stylesheet" | "font" | "media" | "other";

// Ghostery's categories in Shopify's terms. Players and social widgets set advertising cookies of
// their owners (YouTube, Meta), so they wait for marketing like advertising does.
const CATEGORY: Record<string, ConsentCategory> = {
  advertising: "marketing",
  pornvertising: "marketing",
  social_media: "marketing",
  audio_video_player: "marketing",
  site_analytics: "analytics",
  misc: "analytics",
  customer_interaction: "preferences",
  consent: "necessary",
  utilities: "necessary",
  hosting: "necessary",
  extensions: "necessary",
};

const STRICTNESS: Record<ConsentCategory, number> = { necessary: 0, preferences: 1, analytics: 2, marketing: 3 };

function engineFile() {
  const entry = createRequire(import.meta.url).resolve("@ghostery/trackerdb");
  return path.join(path.dirname(entry), "..", "trackerdb.engine");
}

let loaded: Promise<TrackerClassifier> | undefined;

/** The classifier of this process (the database is read once, in about 40 ms). */
export function trackerClassifier(): Promise<TrackerClassifier> {
  loaded ??= loadTrackerDB(fs.readFileSync(engineFile())).then((db) => ({
    classifyUrl({ url, type, pageUrl }) {
      const matches = db.matchUrl({ url, type, sourceUrl: pageUrl }, { getDomainMetadata: true });
      // One URL can match several patterns (gtm.js is a tag manager and Google's ad tag): the
      // strictest category wins, since the script may do everything each pattern describes.
      let best: TrackerClassification | null = null;
      for (const match of matches) {
        const category = CATEGORY[match.category?.key ?? ""] ?? "marketing";
        if (best && STRICTNESS[category] <= STRICTNESS[best.category]) continue;
        best = { category, vendor: match.organization?.name ?? match.pattern.name, tracker: match.pattern.name, purpose: match.category?.description ?? "" };
      }
      return best;
    },
  }));
  return loaded;
}
