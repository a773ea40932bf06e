// Storefront requests through Shopify's app proxy for tests and benchmarks, signed as Shopify signs
// them (the preview storefront's appProxySignature, which the benchmark's baseline server also uses
// to verify them).
import { randomBytes } from "node:crypto";
import { appProxySignature } from "../scripts/preview-storefront/app-proxy";

export { appProxySignature };

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
  query.set("signature", appProxySignature(query, secret));
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
