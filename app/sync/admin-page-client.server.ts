// The Admin API client for an admin page's loader or action. A page must not wait out the sync's
// patient retries: one retry, then the page says "could not check" and stays usable.
//
// It calls as the app, with the shop's offline session (renewed when it expires), never with the
// admin request's online session: that one carries the staff member's own permissions, which need
// not include what the app reads (themes, privacy settings). The session is fetched on the first
// request, and a shop whose token cannot be had or renewed answers like an unreachable Shopify: as
// an AdminApiError, which the page's readers turn into "could not check".
import { API_VERSION } from "../api-version.server";
import { config } from "../config.server";
import { log } from "../log.server";
import { shopOfflineSessions } from "../shopify.server";
import { AdminApiError } from "./admin-api-error.server";
import { createAdminGraphqlClient, type AdminGraphqlClient } from "./admin-graphql.server";

async function clientFor(shop: string): Promise<AdminGraphqlClient> {
  let accessToken: string | undefined;
  try {
    ({ accessToken } = await shopOfflineSessions.current(shop));
  } catch (error) {
    throw new AdminApiError({ code: "HTTP_ERROR", message: "no usable offline access token for the shop", cause: error });
  }
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

export function adminPageClient({ shop }: { shop: string }): AdminGraphqlClient {
  let client: Promise<AdminGraphqlClient> | undefined;
  return {
    shop,
    async request(options) {
      client ??= clientFor(shop);
      return (await client).request(options);
    },
  };
}
