// The webhook headers the app relies on, checked in one place once the HMAC has been verified. None of
// them is signed (Shopify's HMAC covers the body only), so each is treated as untrusted input: a value
// that is not what Shopify sends is a 400, never something stored or passed on. See decision 006.
import { z } from "zod";

/**
 * Shopify retries a failed delivery 8 times over 4 hours, keeping the original trigger time. A day
 * covers that, a queue backlog on Shopify's side and a maintenance window on ours, and no more.
 */
export const TRIGGERED_AT_MAX_AGE_MS = 24 * 3600 * 1000;
/** How far ahead of this server's clock a trigger time may be before it is not Shopify's. */
export const TRIGGERED_AT_MAX_SKEW_MS = 5 * 60 * 1000;

// A permanent shop domain: one DNS label (at most 63 characters) under myshopify.com, lower case as
// Shopify sends it, so one shop is never two tenants spelled differently.
const SHOP_RULE = "must be a shop's permanent *.myshopify.com domain";
const shopDomain = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/, SHOP_RULE);
// The idempotency key: Shopify's are UUID-like; anything printable up to 255 characters fits the column.
const webhookId = z.string().regex(/^[\x21-\x7e]{1,255}$/, "must be 1 to 255 printable characters");
// Shopify writes e.g. 2024-06-25T12:00:00.123456789Z; a four-digit year keeps out what Date cannot hold.
const triggeredAt = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date and time" }).transform((value) => new Date(value));

const headersSchema = z.object({
  shop: shopDomain,
  webhookId,
  triggeredAt: triggeredAt.optional(),
});

const HEADER_NAMES: Record<keyof typeof headersSchema.shape | "topic", string> = {
  shop: "X-Shopify-Shop-Domain",
  webhookId: "X-Shopify-Webhook-Id",
  triggeredAt: "X-Shopify-Triggered-At",
  topic: "X-Shopify-Topic",
};


export interface DeliveryHeaders<Topic extends string> {
  shop: string;
  topic: Topic;
  webhookId: string;
  triggeredAt?: Date;
  /** Why the trigger time is missing or outside the window; null when it is within it. */
  untimely: string | null;
}

/**
 * The headers as Shopify's library read them (topic in its storage form, e.g. APP_UNINSTALLED),
 * checked against what this address takes. A problem is named by header, never by its value.
 */
export function checkDeliveryHeaders<Topic extends string>({
  headers,
  topics,
  now,
}: {
  headers: { shop: string; topic: string; webhookId: string; triggeredAt?: string };
  topics: readonly Topic[];
  now: Date;
}): { success: true; headers: DeliveryHeaders<Topic> } | { success: false; reason: string } {
  const parsed = headersSchema.safeParse(headers);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((issue) => `${HEADER_NAMES[issue.path[0] as keyof typeof headersSchema.shape]}: ${issue.message}`).join("; ");
    return { success: false, reason };
  }
  const topic = topics.find((accepted) => accepted === headers.topic);
  if (!topic) return { success: false, reason: `${HEADER_NAMES.topic}: this address does not take that topic` };
  return { success: true, headers: { ...parsed.data, topic, untimely: untimelyReason(parsed.data.triggeredAt, now) } };
}

function untimelyReason(triggeredAt: Date | undefined, now: Date): string | null {
  if (!triggeredAt) return `${HEADER_NAMES.triggeredAt} is missing`;
  const age = now.getTime() - triggeredAt.getTime();
  if (age > TRIGGERED_AT_MAX_AGE_MS) return `${HEADER_NAMES.triggeredAt} is more than 24 hours old, past Shopify's 4-hour retry schedule`;
  if (-age > TRIGGERED_AT_MAX_SKEW_MS) return `${HEADER_NAMES.triggeredAt} is more than 5 minutes in the future`;
  return null;
}
