// How a request's deadline and status look wherever requests are listed or shown. Overdue, due soon
// and due later differ in tone and icon, not only in words.
import { Badge, type BadgeProps } from "@shopify/polaris";
import { useAdminLanguage } from "../i18n/use-admin-language";
import { DUE_SOON_DAYS, dueLabel, requestStatusLabel, type RequestOutcome, type RequestStatus } from "../privacy/request-labels";

const STATUS_TONES = {
  received: "info",
  processing: "attention",
  retrying: "warning",
  on_hold: "warning",
  failed: "critical",
  completed: "success",
} as const satisfies Record<RequestStatus, BadgeProps["tone"]>;

// A ready export still has to reach the customer: that is the merchant's move, not a success yet.
const OUTCOME_TONES = {
  export_ready: "attention",
  delivered: "success",
  no_data: "success",
  erased: "success",
  nobody_found: "success",
  shop_erased: "success",
  handled: "success",
} as const satisfies Record<RequestOutcome, BadgeProps["tone"]>;

export function RequestStatusBadge(request: { status: RequestStatus; outcome: RequestOutcome | null; nextAttemptAt: string | null }) {
  const { t, format } = useAdminLanguage();
  const tone = request.status === "completed" && request.outcome ? OUTCOME_TONES[request.outcome] : STATUS_TONES[request.status];
  return <Badge tone={tone}>{requestStatusLabel(t, request, format.dateTime)}</Badge>;
}

/** Answered requests (null days left) show as such: their deadline no longer matters. */
export function RequestDueBadge({ daysLeft }: { daysLeft: number | null }) {
  const { t } = useAdminLanguage();
  if (daysLeft === null) return <Badge tone="success">{t("requests.due.answered")}</Badge>;
  if (daysLeft < 0) return <Badge tone="critical" progress="incomplete">{dueLabel(t, daysLeft)}</Badge>;
  if (daysLeft < DUE_SOON_DAYS) return <Badge tone="warning" progress="partiallyComplete">{dueLabel(t, daysLeft)}</Badge>;
  return <Badge>{dueLabel(t, daysLeft)}</Badge>;
}
