// The preview's stand-in for Shopify's app proxy signs what it forwards as Shopify does: Shopify's
// own library accepts the signature, and nothing the browser puts in the query can pose as Shopify's.
import { describe, expect, it } from "vitest";
import { appProxyQuery } from "../scripts/preview-storefront/app-proxy";
import { libraryAcceptsAppProxyQuery } from "./helpers/app-proxy";

const SECRET = process.env.SHOPIFY_API_SECRET!;
describe("preview app proxy", () => {
  it("given a storefront query posing as Shopify, when forwarded, then Shopify's parameters replace it and the library accepts the signature", async () => {
    const storefrontQuery = new URLSearchParams("ref=banner&logged_in_customer_id=42&shop=evil.myshopify.com&signature=00&hmac=00");
    const now = new Date();
    const query = appProxyQuery({ storefrontQuery, shop: "preview.myshopify.com", pathPrefix: "/apps/consent-vault", secret: SECRET, now });
    expect([...query.keys()].sort()).toEqual(["logged_in_customer_id", "path_prefix", "ref", "shop", "signature", "timestamp"]);
    expect(query.get("logged_in_customer_id")).toBe("");
    expect(query.get("shop")).toBe("preview.myshopify.com");
    expect(query.get("timestamp")).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(query.get("signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(await libraryAcceptsAppProxyQuery(query)).toBe(true);
  });

  it("given a forwarded query, when any signed value changes or another secret signs, then the library rejects it", async () => {
    const query = appProxyQuery({ storefrontQuery: new URLSearchParams(), shop: "preview.myshopify.com", pathPrefix: "/apps/consent-vault", secret: SECRET });
    const tampered = new URLSearchParams(query);
    tampered.set("logged_in_customer_id", "42");
    const otherSecret = appProxyQuery({ storefrontQuery: new URLSearchParams(), shop: "preview.myshopify.com", pathPrefix: "/apps/consent-vault", secret: "another-secret" });
    expect(await libraryAcceptsAppProxyQuery(tampered)).toBe(false);
    expect(await libraryAcceptsAppProxyQuery(otherSecret)).toBe(false);
  });
});
