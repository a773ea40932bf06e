// Consent receipts from the storefront banner, forwarded by Shopify's app proxy
// (/apps/consent-vault/consent → /proxy/consent). The signature covers the query only: shop and the
// logged-in customer come from there, everything in the body is the shopper's own claim.
import type { ActionFunctionArgs } from "@remix-run/node";
import { config } from "../config.server";
import { clientIp } from "../consent/client-ip.server";
import { verifyAppProxySignature } from "../consent/proxy-signature.server";
import { MAX_RECEIPT_BYTES } from "../consent/receipt-payload.server";
import { receiveConsentReceipt } from "../consent/receive-receipt.server";
import { shopDb } from "../db.server";
import { queues } from "../jobs/queues.server";
import { log } from "../log.server";
import { recordSecurityEvent } from "../security/record-security-event.server";
import { backgroundApi } from "../shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  // 400 for a missing, wrong or repeated signature and for a timestamp more than 90 s away.
  const signed = await verifyAppProxySignature({ api: backgroundApi, url: new URL(request.url) });
  if (!signed.ok) {
    recordSecurityEvent({ shop: new URL(request.url).searchParams.get("shop"), kind: "proxy.bad-signature" });
    return Response.json({ error: "the app proxy signature is missing, wrong or expired" }, { status: 400 });
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_RECEIPT_BYTES) {
    return Response.json({ error: `the receipt is larger than ${MAX_RECEIPT_BYTES} bytes` }, { status: 413 });
  }
  const outcome = await receiveConsentReceipt({
    db: shopDb(signed.shop),
    redis: queues().connection,
    redisPrefix: config().REDIS_PREFIX,
    log,
    shop: signed.shop,
    customerId: signed.customerId,
    signature: signed.signature,
    body: await request.text(),
    ip: clientIp(request),
  });
  switch (outcome.outcome) {
    case "recorded":
      return new Response(null, { status: 204 });
    case "invalid":
      return Response.json({ error: outcome.reason }, { status: outcome.status });
    case "limited":
      recordSecurityEvent({ shop: signed.shop, kind: "receipts.rate-limited" });
      return new Response(null, { status: 429, headers: { "Retry-After": String(outcome.retryAfterSeconds) } });
    case "replayed":
      recordSecurityEvent({ shop: signed.shop, kind: "proxy.replayed" });
      return Response.json({ error: "this request was already received" }, { status: 409 });
  }
};
