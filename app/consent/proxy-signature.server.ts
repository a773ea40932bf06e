// Shopify's app proxy signs the query it forwards (shop, logged_in_customer_id, path_prefix,
// timestamp). Checked with Shopify's own validator, exactly as authenticate.public.appProxy checks it,
// but without what that helper does next: load (and when due, refresh) the shop's offline session for
// an Admin API client. A receipt never calls the Admin API, and that session load per receipt was
// what held the route to a hundredth of a bare signature check (docs/benchmarks.md).
import { InvalidHmacError, type Shopify } from "@shopify/shopify-api";

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export type ProxySignatureCheck = { ok: true; shop: string; customerId: string | null; signature: string } | { ok: false };

/**
 * Valid only when the signature matches, the timestamp is within Shopify's 90 seconds either way, no
 * signed single-value parameter is repeated, and the signed shop is a *.myshopify.com domain.
 */
export async function verifyAppProxySignature({ api, url }: { api: Pick<Shopify, "utils">; url: URL }): Promise<ProxySignatureCheck> {
  const query = url.searchParams;
  try {
    if (!(await api.utils.validateHmac(query, { signator: "appProxy" }))) return { ok: false };
  } catch (error) {
    // Missing signature, stale or missing timestamp, repeated parameter: all a refusal, not a fault.
    if (error instanceof InvalidHmacError) return { ok: false };
    throw error;
  }
  const shop = query.get("shop") ?? "";
  if (!SHOP_DOMAIN.test(shop)) return { ok: false };
  return { ok: true, shop, customerId: query.get("logged_in_customer_id") || null, signature: query.get("signature")! };
}
