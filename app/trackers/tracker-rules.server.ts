// The rule set the storefront embed enforces: per consent category, the hosts whose scripts, iframes
// and pixels it holds until that category is granted. Kept small on purpose (hosts only): it is
// inlined in every storefront page.
import type { FoundTracker } from "./classify-observations.server";

export type TrackerRules = Partial<Record<"analytics" | "marketing" | "preferences", string[]>>;

export function trackerRules(trackers: Pick<FoundTracker, "category" | "hosts">[]): TrackerRules {
  const rules: TrackerRules = {};
  for (const tracker of trackers) {
    if (!tracker.category || tracker.category === "necessary") continue;
    const hosts = (rules[tracker.category] ??= []);
    for (const host of tracker.hosts) if (!hosts.includes(host)) hosts.push(host);
  }
  for (const hosts of Object.values(rules)) hosts.sort();
  return rules;
}

/** The app-data metafield the embed reads in Liquid as `app.metafields.consent_vault.tracker_rules`. */
export const RULES_METAFIELD = { namespace: "consent_vault", key: "tracker_rules", type: "json" } as const;
