// Verifies a webhook with Shopify's library (HMAC over the raw body, required headers, POST only)
// and turns every way a delivery can be unusable into a clear HTTP answer.
import { authenticate } from "../shopify.server";

export async function authenticateWebhook(request: Request) {
  try {
    return await authenticate.webhook(request);
  } catch (thrown) {
    if (thrown instanceof Response) {
      // 401 bad HMAC, 400 missing headers or body, 405 not POST: keep the library's status, say why.
      const reason = { 401: "invalid HMAC signature", 400: "missing Shopify webhook headers or body", 405: "webhooks must be POSTed" }[thrown.status];
      return Response.json({ error: reason ?? thrown.statusText }, { status: thrown.status });
    }
    // The library parses the body only after the signature checked out: a correctly signed body
    // that is not JSON ends up here.
    if (thrown instanceof SyntaxError) return Response.json({ error: "the body is not valid JSON" }, { status: 400 });
    throw thrown;
  }
}
