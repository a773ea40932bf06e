// Names of privacy request types, statuses and timeline events as merchants read them. Not a
// .server module: the admin components render them in the browser too.
import type { PrivacyRequestType } from "./compliance-payloads.server";

export const REQUEST_TYPE_LABELS = {
  data_request: "Customer data request",
  customer_redact: "Customer erasure",
  shop_redact: "Shop erasure",
} as const satisfies Record<PrivacyRequestType, string>;

export const REQUEST_STATUSES = ["received", "processing", "retrying", "on_hold", "failed", "completed"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS = {
  received: "Queued",
  processing: "In progress",
  retrying: "Retrying",
  on_hold: "On hold",
  failed: "Failed",
  completed: "Completed",
} as const satisfies Record<RequestStatus, string>;

export const REQUEST_EVENT_LABELS: Record<string, string> = {
  received: "Received from Shopify",
  started: "Processing started",
  attempt_failed: "Attempt failed, will retry",
  export_ready: "Export ready",
  erased: "Data erased",
  completed: "Completed",
  failed: "Failed after all attempts",
  retried: "Retried by staff",
  held: "Put on hold by staff",
  resumed: "Resumed by staff",
};

/**
 * The status as shown on a request: a request whose last attempt failed and whose job waits for its
 * next one says so and when, instead of looking as if it were still being worked on.
 */
export function requestStatusLabel(
  { status, nextAttemptAt }: { status: RequestStatus; nextAttemptAt: string | null },
  formatTime: (at: Date) => string = (at) => at.toLocaleString(),
): string {
  if (status === "retrying" && nextAttemptAt) return `Retrying (next try at ${formatTime(new Date(nextAttemptAt))})`;
  return REQUEST_STATUS_LABELS[status];
}

/** "Due in 3 days", "Due today", "Overdue by 2 days". */
export function dueLabel(daysLeft: number): string {
  const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;
  if (daysLeft < 0) return `Overdue by ${days(-daysLeft)}`;
  return daysLeft === 0 ? "Due today" : `Due in ${days(daysLeft)}`;
}

/** Requests due within this many days are flagged to the merchant. */
export const DUE_SOON_DAYS = 7;
