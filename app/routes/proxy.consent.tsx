// Consent receipts from the storefront banner, forwarded by Shopify's app proxy
// (/apps/consent-vault/consent → /proxy/consent). The signature covers the query only: shop and the
// logged-in customer come from there, everything in the body is the shopper's own claim.
import type { ActionFunctionArgs } from "@remix-run/node";
import { config } from "../config.server";
import { clientIp } from "../consent/client-ip.server";
import { MAX_RECEIPT_BYTES } from "../consent/receipt-payload.server";
import { receiveConsentReceipt } from "../consent/receive-receipt.server";
import { db } from "../db.server";
import { queues } from "../jobs/queues.server";
import { log } from "../log.server";
import { recordSecurityEvent } from "../security/record-security-event.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const claimed = new URL(request.url).searchParams.get("shop");
  try {
    // Throws 400 for a missing, wrong or repeated signature and for a timestamp more than 90 s away.
    await authenticate.public.appProxy(request);
  } catch (thrown) {
    if (thrown instanceof Response && thrown.status === 400) recordSecurityEvent({ shop: claimed, kind: "proxy.bad-signature" });
    throw thrown;
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_RECEIPT_BYTES) {
    return Response.json({ error: `the receipt is larger than ${MAX_RECEIPT_BYTES} bytes` }, { status: 413 });
  }
  const query = new URL(request.url).searchParams;
  const outcome = await receiveConsentReceipt({
    db: db(),
    redis: queues().connection,
    redisPrefix: config().REDIS_PREFIX,
    log,
    shop: claimed!,
    customerId: query.get("logged_in_customer_id") || null,
    signature: query.get("signature")!,
    body: await request.text(),
    ip: clientIp(request),
  });
  switch (outcome.outcome) {
    case "recorded":
      return new Response(null, { status: 204 });
    case "invalid":
      return Response.json({ error: outcome.reason }, { status: outcome.status });
    case "limited":
      recordSecurityEvent({ shop: claimed, kind: "receipts.rate-limited" });
      return new Response(null, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
    case "replayed":
      recordSecurityEvent({ shop: claimed, kind: "proxy.replayed" });
      return Response.json({ error: "this request was already received" }, { status: 409 });
  }
};
