// A scan of the shop's storefront: home, a collection, a product and the cart, as a first-time
// visitor who has not consented sees them; the trackers classified, the scan stored, and the rule set
// published for the embed to hold them until consent.
import type { Db } from "../db.server";
import { newId } from "../ids.server";
import { classifyObservations } from "./classify-observations.server";
import type { StorefrontScanner } from "./storefront-scanner.server";
import type { TrackerClassifier } from "./tracker-classifier.server";
import { trackerRules, type TrackerRules } from "./tracker-rules.server";

/** The first collection and product the home page links to (themes link both from home). */
export function pagesToScan(origin: string, homeHtml: string): string[] {
  const first = (pattern: RegExp) => pattern.exec(homeHtml)?.[1];
  const collection = first(/href="(\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?collections\/(?!all")[^"?#/]+)"/i) ?? "/collections/all";
  const product = first(/href="((?:\/[a-z]{2}(?:-[a-z]{2})?)?(?:\/collections\/[^"?#/]+)?\/products\/[^"?#/]+)"/i);
  return ["/", collection, ...(product ? [product] : []), "/cart"].map((path) => new URL(path, origin).href);
}

export async function scanStorefront({
  db,
  shop,
  origin,
  scanner,
  classifier,
  publish,
}: {
  db: Db;
  shop: string;
  /** The storefront's address (https://<shop>, which Shopify redirects to the primary domain). */
  origin: string;
  scanner: StorefrontScanner;
  classifier: TrackerClassifier;
  publish: (rules: TrackerRules) => Promise<void>;
}) {
  const pageUrls = pagesToScan(origin, await scanner.fetchHtml(new URL("/", origin).href));
  const scans = await scanner.scanPages(pageUrls);
  const { trackers, unattributed } = classifyObservations({ pages: scans.map((s) => s.observations), classifier, origin });
  const rules = trackerRules(trackers);
  await publish(rules);
  const scan = await db.trackerScan.create({
    data: {
      id: newId(),
      shop,
      scannedAt: new Date(),
      method: scanner.method,
      pages: JSON.stringify(scans.map((s) => ({ path: s.observations.page, ms: s.ms }))),
      trackers: JSON.stringify(trackers),
      unattributed: JSON.stringify(unattributed),
      rules: JSON.stringify(rules),
    },
  });
  return { scanId: scan.id, method: scanner.method, trackers: trackers.length, violations: trackers.filter((t) => t.loadedBeforeConsent && t.category !== "necessary").length };
}
