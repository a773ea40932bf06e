// How a request's deadline and status look wherever requests are listed or shown.
import { Badge } from "@shopify/polaris";
import { DUE_SOON_DAYS, dueLabel, requestStatusLabel, type RequestStatus } from "../privacy/request-labels";

const STATUS_TONES = {
  received: "info",
  processing: "attention",
  retrying: "warning",
  on_hold: "warning",
  failed: "critical",
  completed: "success",
} as const satisfies Record<RequestStatus, string>;

export function RequestStatusBadge({ status, nextAttemptAt = null }: { status: RequestStatus; nextAttemptAt?: string | null }) {
  return <Badge tone={STATUS_TONES[status]}>{requestStatusLabel({ status, nextAttemptAt })}</Badge>;
}

/** A completed request (null days left) shows as answered: its deadline no longer matters. */
export function RequestDueBadge({ daysLeft }: { daysLeft: number | null }) {
  if (daysLeft === null) return <Badge tone="success">Answered</Badge>;
  return <Badge tone={daysLeft < DUE_SOON_DAYS ? "critical" : undefined}>{dueLabel(daysLeft)}</Badge>;
}
