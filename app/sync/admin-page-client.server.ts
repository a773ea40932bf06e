// The Admin API client for an admin page's loader or action. A page must not wait out the sync's
// patient retries: one retry, then the page says "could not check" and stays usable.
//
// It calls as the app, with the shop's offline session (renewed when it expires), never with the
// admin request's online session: that one carries the staff member's own permissions, which need
// not include what the app reads (themes, privacy settings).
import { API_VERSION } from "../api-version.server";
import { config } from "../config.server";
import { log } from "../log.server";
import { shopOfflineSessions } from "../shopify.server";
import { createAdminGraphqlClient, type AdminGraphqlClient } from "./admin-graphql.server";

export async function adminPageClient({ shop }: { shop: string }): Promise<AdminGraphqlClient> {
  const { accessToken } = await shopOfflineSessions.current(shop);
  return createAdminGraphqlClient({
    shop,
    accessToken: accessToken!,
    apiVersion: API_VERSION,
    baseUrl: config().SHOPIFY_ADMIN_API_ORIGIN,
    timeoutMs: 10_000,
    maxThrottleRetries: 1,
    maxServerErrorRetries: 1,
    log,
  });
}
