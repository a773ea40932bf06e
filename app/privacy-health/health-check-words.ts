// A health check in the merchant's words: one sentence from its status and figures, the same on Home
// and in the downloaded report. Not a .server module: Home renders it in the browser too.
import type { AdminFormat } from "../i18n/format";
import type { Translate } from "../i18n/i18n";
import type { HealthCheck } from "./health-checks.server";

/** The figure whose absence changes what there is to say (no key yet, no backup yet, no recipient registered…). */
const DECISIVE_FIGURE: Partial<Record<HealthCheck["id"], string>> = { shopifyBanner: "shopifyBanner", shopKey: "ageDays", backup: "hoursAgo", retention: "reviewedAt", recipients: "registered", training: "holders" };
/** The figure a sentence's plural form follows, per status. */
const COUNTED_FIGURE: Partial<Record<HealthCheck["id"], Partial<Record<string, string>>>> = {
  requests: { attention: "dueSoon" },
  recipients: { attention: "expiringSoon", problem: "withoutAgreement" },
  training: { attention: "outOfDate", problem: "neverRead" },
};

export function healthCheckSentence(check: HealthCheck, t: Translate, format: AdminFormat): string {
  const decisive = DECISIVE_FIGURE[check.id];
  const variant = decisive && check.figures[decisive] === null ? "none" : check.status;
  const vars = Object.fromEntries(
    Object.entries(check.figures).flatMap(([name, value]) => (value === null ? [] : [[name, name.endsWith("At") ? format.date(String(value)) : value]])),
  );
  const counted = COUNTED_FIGURE[check.id]?.[variant];
  return t(`health.checks.${check.id}.${variant}`, counted ? { ...vars, count: Number(check.figures[counted]) } : vars);
}
