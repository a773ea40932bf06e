// Verifies a webhook as Shopify's library does (HMAC over the raw body, required headers; POST only),
// then checks the unsigned headers the app relies on and that the topic is one this address takes.
// Every way a delivery can be unusable becomes a clear 4xx, logged with the request id; nothing is
// stored before this has passed.
import { config } from "../config.server";
import { requestLog } from "../log.server";
import { recordSecurityEvent } from "../security/record-security-event.server";
import { checkWebhookSignature } from "./webhook-signature.server";
import { checkDeliveryHeaders } from "./delivery-headers.server";
import type { Delivery } from "./inbox.server";

export interface AuthenticatedWebhook<Topic extends string> {
  delivery: Delivery<Topic>;
  /** The parsed JSON body: signed, but still to be validated against the topic's shape. */
  payload: unknown;
  /** Why X-Shopify-Triggered-At is missing or outside the window (only with untimely: "hold"). */
  untimely: string | null;
}

const LIBRARY_REASONS: Record<number, string> = {
  401: "invalid HMAC signature",
  400: "missing Shopify webhook headers or body",
  405: "webhooks must be POSTed",
};

export async function authenticateWebhook<Topic extends string>(
  request: Request,
  {
    topics,
    untimely,
    now = new Date(),
  }: {
    /** The topics this address is subscribed to, in the library's form (APP_UNINSTALLED). */
    topics: readonly Topic[];
    /**
     * A delivery without a trigger time in the window: "refuse" answers 400; "hold" lets the route
     * keep it for a person to confirm, for topics where refusing could lose a legal request.
     */
    untimely: "refuse" | "hold";
    now?: Date;
  },
): Promise<Response | AuthenticatedWebhook<Topic>> {
  const refuse = (status: number, error: string) => {
    // The reason names headers or fields, never their values.
    requestLog(request).warn({ status, reason: error }, "webhook refused");
    return Response.json({ error }, { status });
  };
  // Shopify's signature check, without the rest of authenticate.webhook: that also loads (and may
  // refresh) the shop's offline session on every delivery, a database read no webhook route uses.
  if (request.method !== "POST") return refuse(405, LIBRARY_REASONS[405]!);
  const rawBody = Buffer.from(await request.arrayBuffer());
  const check = checkWebhookSignature({ rawBody, headers: request.headers, secret: config().SHOPIFY_API_SECRET });
  if (!check.valid) {
    // The shop header is unsigned here: the security log believes it only for an installed shop.
    if (check.status === 401) recordSecurityEvent({ shop: request.headers.get("x-shopify-shop-domain"), kind: "webhook.bad-signature" });
    return refuse(check.status, LIBRARY_REASONS[check.status]!);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return refuse(400, "the body is not valid JSON");
  }
  const webhook = { shop: check.shop, topic: check.topic, webhookId: check.webhookId, triggeredAt: check.triggeredAt, payload };
  const checked = checkDeliveryHeaders({ headers: webhook, topics, now });
  if (!checked.success) return refuse(400, checked.reason);
  const { shop, topic, webhookId, triggeredAt } = checked.headers;
  if (checked.headers.untimely && untimely === "refuse") return refuse(400, checked.headers.untimely);
  return { delivery: { id: webhookId, shop, topic, triggeredAt }, payload: webhook.payload, untimely: checked.headers.untimely };
}
