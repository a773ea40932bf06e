// The Admin API client for an admin page's loader or action. A page must not wait out the sync's
// patient retries: one retry, then the page says "could not check" and stays usable.
import { API_VERSION } from "../api-version.server";
import { config } from "../config.server";
import { log } from "../log.server";
import { createAdminGraphqlClient, type AdminGraphqlClient } from "./admin-graphql.server";

export function adminPageClient(session: { shop: string; accessToken?: string }): AdminGraphqlClient {
  return createAdminGraphqlClient({
    shop: session.shop,
    accessToken: session.accessToken!,
    apiVersion: API_VERSION,
    baseUrl: config().SHOPIFY_ADMIN_API_ORIGIN,
    timeoutMs: 10_000,
    maxThrottleRetries: 1,
    maxServerErrorRetries: 1,
    log,
  });
}
