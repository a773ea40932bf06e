// Whether Shopify's own library (shopify-api's app proxy HMAC check) accepts a forwarded query
// signed with the test app secret.
import "@shopify/shopify-api/adapters/node";
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";

const library = shopifyApi({
  apiKey: "testApiKey",
  apiSecretKey: process.env.SHOPIFY_API_SECRET!,
  hostName: "my-test-app.myshopify.io",
  apiVersion: "2026-10" as never,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

export function libraryAcceptsAppProxyQuery(query: URLSearchParams): Promise<boolean> {
  return library.utils.validateHmac(Object.fromEntries(query) as never, { signator: "appProxy" });
}
