// Verifies a webhook with Shopify's library (HMAC over the raw body, required headers, POST only),
// then checks the unsigned headers the app relies on and that the topic is one this address takes.
// Every way a delivery can be unusable becomes a clear 4xx, logged with the request id; nothing is
// stored before this has passed.
import { InvalidShopError } from "@shopify/shopify-api";
import { requestLog } from "../log.server";
import { recordSecurityEvent } from "../security/record-security-event.server";
import { authenticate } from "../shopify.server";
import { checkDeliveryHeaders, SHOP_HEADER_PROBLEM } from "./delivery-headers.server";
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
  let webhook: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    webhook = await authenticate.webhook(request);
  } catch (thrown) {
    if (thrown instanceof Response) {
      // The shop header is unsigned here: the security log believes it only for an installed shop.
      if (thrown.status === 401) recordSecurityEvent({ shop: request.headers.get("x-shopify-shop-domain"), kind: "webhook.bad-signature" });
      return refuse(thrown.status, LIBRARY_REASONS[thrown.status] ?? thrown.statusText);
    }
    // After the signature checked out, the library loads the shop's offline session and throws on a
    // shop header that is not a shop domain at all; the header check below catches the rest.
    if (thrown instanceof InvalidShopError) return refuse(400, SHOP_HEADER_PROBLEM);
    // The library parses the body only after the signature checked out: a signed body that is not JSON.
    if (thrown instanceof SyntaxError) return refuse(400, "the body is not valid JSON");
    throw thrown;
  }
  const checked = checkDeliveryHeaders({ headers: webhook, topics, now });
  if (!checked.success) return refuse(400, checked.reason);
  const { shop, topic, webhookId, triggeredAt } = checked.headers;
  if (checked.headers.untimely && untimely === "refuse") return refuse(400, checked.headers.untimely);
  return { delivery: { id: webhookId, shop, topic, triggeredAt }, payload: webhook.payload, untimely: checked.headers.untimely };
}
