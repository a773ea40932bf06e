// How privacy requests read to a merchant: statuses, outcomes and deadlines as message keys of the
// admin's language (app/i18n/locales). Not a .server module: the admin renders them in the browser too.
import type { Translate } from "../i18n/i18n";
import type { PrivacyRequestType } from "./compliance-payloads.server";
import type { StorefrontRequestType } from "./storefront-requests.server";

export const REQUEST_TYPES = ["data_request", "customer_redact", "shop_redact", "correction", "sale_opt_out"] as const satisfies readonly (PrivacyRequestType | StorefrontRequestType)[];

export type RequestType = (typeof REQUEST_TYPES)[number];

/** Where a request came from: a compliance webhook, or the shopper in the storefront privacy center. */
export const REQUEST_SOURCES = ["shopify", "storefront"] as const;

export const REQUEST_STATUSES = ["received", "processing", "retrying", "on_hold", "failed", "completed"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * What a completed request achieved, which "completed" alone does not say: an export still has to
 * reach the customer; finding nobody is an answer of its own and erases nothing.
 */
export const REQUEST_OUTCOMES = ["export_ready", "delivered", "no_data", "erased", "nobody_found", "shop_erased", "handled"] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** Why a request stopped, as a merchant can act on it (app/privacy/failure-codes.server.ts). */
export const FAILURE_CODES = ["key_unavailable", "database", "shopify_access", "shopify_unavailable", "queue", "unknown"] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

/** Who a request is about, without saying who it is. */
export type RequestSubject = { kind: "customer"; ref: string } | { kind: "unidentified" } | { kind: "shop" };

export function subjectLabel(t: Translate, subject: RequestSubject): string {
  if (subject.kind === "customer") return t("requests.customer.masked", { ref: subject.ref });
  return t(subject.kind === "shop" ? "requests.customer.shop" : "requests.customer.unidentified");
}

/**
 * The status as shown on a request: its outcome once completed; a request whose last attempt failed
 * and whose job waits for the next one says when, instead of looking as if it were being worked on.
 */
export function requestStatusLabel(
  t: Translate,
  { status, outcome, nextAttemptAt }: { status: RequestStatus; outcome: RequestOutcome | null; nextAttemptAt: string | null },
  formatTime: (at: string) => string,
): string {
  if (status === "completed" && outcome) return t(`requests.outcome.${outcome}`);
  if (status === "retrying" && nextAttemptAt) return t("requests.retryingAt", { time: formatTime(nextAttemptAt) });
  return t(`requests.status.${status}`);
}

/** "Due in 3 days", "Due today", "Overdue by 2 days". */
export function dueLabel(t: Translate, daysLeft: number): string {
  if (daysLeft < 0) return t("requests.due.overdue", { count: -daysLeft });
  return daysLeft === 0 ? t("requests.due.today") : t("requests.due.in", { count: daysLeft });
}

/** Requests due within this many days are flagged to the merchant. */
export const DUE_SOON_DAYS = 7;
