// What Shopify's app proxy does with a storefront request to /apps/<subpath>/…: forwards it to the
// app's proxy URL with shop, logged_in_customer_id, path_prefix, timestamp and a signature added
// to the query (shopify.dev app proxy docs; shopify-platform.md §2.5 and §4.5).
import { createHmac } from "node:crypto";

/**
 * The hex HMAC-SHA256 Shopify puts in `signature`: every query parameter but `signature` as
 * `key=value` (repeated values joined by commas), sorted by key, concatenated without separator.
 */
export function appProxySignature(query: URLSearchParams, secret: string): string {
  const keys = [...new Set(query.keys())].filter((key) => key !== "signature").sort();
  const message = keys.map((key) => `${key}=${query.getAll(key).join(",")}`).join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

/** The query Shopify sends to the app for a storefront request with `storefrontQuery`. */
export function appProxyQuery({
  storefrontQuery,
  shop,
  pathPrefix,
  secret,
  now = new Date(),
}: {
  storefrontQuery: URLSearchParams;
  shop: string;
  pathPrefix: string;
  secret: string;
  now?: Date;
}): URLSearchParams {
  const query = new URLSearchParams(storefrontQuery);
  for (const key of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature", "hmac"]) query.delete(key);
  query.set("shop", shop);
  // The preview has no customer accounts: nobody is logged in.
  query.set("logged_in_customer_id", "");
  query.set("path_prefix", pathPrefix);
  query.set("timestamp", String(Math.floor(now.getTime() / 1000)));
  query.set("signature", appProxySignature(query, secret));
  return query;
}
