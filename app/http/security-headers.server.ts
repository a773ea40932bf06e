// Headers every response carries, and the framing policy of documents. Only the authenticated shop's
// admin may frame the app; everything rendered without an authenticated shop (login, 404, errors)
// may not be framed at all.
import type { RequestHandler } from "express";

export const setSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  next();
};

/** The Content-Security-Policy of a document rendered for `shop` after authenticate.admin. */
export function frameAncestorsFor(shop: string): string {
  return `frame-ancestors https://${shop} https://admin.shopify.com;`;
}

export const NO_FRAMING = "frame-ancestors 'none';";

/** A document keeps the policy a route set from its authenticated session; any other is not framable. */
export function ensureFramingPolicy(headers: Headers) {
  if (!headers.has("Content-Security-Policy")) headers.set("Content-Security-Policy", NO_FRAMING);
}
