// Storefront requests through Shopify's app proxy for tests and benchmarks. The signature is computed
// as Shopify's documentation describes: every query parameter but
// `signature` as key=value (repeated values joined by ","), sorted, concatenated without separator,
// then hex HMAC-SHA256 with the app secret. Used to sign requests in tests and benchmarks and by the
// benchmark's bare baseline server to verify them.
import { createHmac, randomBytes } from "node:crypto";

export function appProxySignature(params: Iterable<[string, string]>, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) if (key !== "signature") grouped.set(key, [...(grouped.get(key) ?? []), value]);
  const message = [...grouped.entries()]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The query the proxy adds to a storefront request (a guest unless `customerId`), signed. */
export function signedProxyQuery({
  shop,
  customerId = "",
  timestamp = Math.floor(Date.now() / 1000),
  secret,
  storefrontQuery = [],
}: {
  shop: string;
  customerId?: string;
  timestamp?: number;
  secret: string;
  /** The storefront request's own query parameters, which Shopify signs along with its own. */
  storefrontQuery?: [string, string][];
}): URLSearchParams {
  const params: [string, string][] = [
    ...storefrontQuery,
    ["shop", shop],
    ["logged_in_customer_id", customerId],
    ["path_prefix", "/apps/consent-vault"],
    ["timestamp", String(timestamp)],
  ];
  const query = new URLSearchParams(params);
  query.set("signature", appProxySignature(params, secret));
  return query;
}

/** The banner's random first-party consent id: 24 URL-safe characters. */
export const newConsentId = (): string => randomBytes(18).toString("base64url");

/** A receipt as the consent banner sends it, from a new browser (fresh consent id). */
export function sampleConsentReceipt() {
  return {
    consentId: newConsentId(),
    choices: { analytics: true, marketing: false, preferences: true, saleOfData: true },
    region: "DEBE",
    revision: 3,
    language: "de-DE",
    timestamp: new Date().toISOString(),
    path: "/products/linen-shirt",
  };
}
