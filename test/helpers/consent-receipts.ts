// Storefront requests as Shopify's app proxy forwards them, signed with the secret the tests run with
// (harness/app-proxy.ts), and sent through the receipt route's action.
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { sampleConsentReceipt, signedProxyQuery } from "../../harness/app-proxy";

export { newConsentId } from "../../harness/app-proxy";
import { action } from "../../app/routes/proxy.consent";
import { APP_URL, respond } from "./shopify";

export interface ProxyRequestOptions {
  shop: string;
  /** Empty for a guest, as Shopify sends it. */
  customerId?: string;
  body: unknown;
  /** Seconds since the epoch; now unless given. */
  timestamp?: number;
  /** Signs with another secret (a forgery). */
  secret?: string;
  /** Changes the query after signing. */
  tamper?: (query: URLSearchParams) => void;
  ip?: string;
  contentType?: string;
  storefrontQuery?: [string, string][];
}

export function proxyRequest({ shop, customerId = "", body, timestamp, secret = API_SECRET_KEY, tamper, ip = "203.0.113.7", contentType = "text/plain;charset=UTF-8", storefrontQuery }: ProxyRequestOptions): Request {
  const query = signedProxyQuery({ shop, customerId, timestamp, secret, storefrontQuery });
  tamper?.(query);
  return new Request(`${APP_URL}/proxy/consent?${query}`, {
    method: "POST",
    headers: { "Content-Type": contentType, "X-Forwarded-For": `${ip}, 23.227.38.1` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** Sends the request through the route's action, as Remix would. */
export function sendReceipt(request: Request): Promise<Response> {
  return respond(() => action({ request, params: {}, context: {} }));
}

export function receiptBody(overrides: Record<string, unknown> = {}) {
  return { ...sampleConsentReceipt(), ...overrides };
}
