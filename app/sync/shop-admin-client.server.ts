// The Admin GraphQL client a sync job uses for a shop: the shop's offline token from the session
// table (decrypted with the session key), and Shopify's own host unless an API proxy origin is
// configured (SHOPIFY_ADMIN_API_ORIGIN).
import type { Logger } from "pino";
import { API_VERSION } from "../api-version.server";
import type { Db } from "../db.server";
import { loadOfflineSession } from "../sessions/encrypted-session-storage.server";
import type { KeyDeps } from "../vault/keys.server";
import { createAdminGraphqlClient, type AdminGraphqlClient } from "./admin-graphql.server";

/** The shop has no usable offline token: nothing to retry until the merchant opens the app again. */
export class NoOfflineSessionError extends Error {
  constructor(readonly shop: string) {
    super("the shop has no valid offline session (not installed, or the token expired): open the app in the Shopify admin");
    this.name = "NoOfflineSessionError";
  }
}

export async function shopAdminClient(
  { db, keys, shop, origin, log, now = new Date() }: { db: Db; keys: KeyDeps; shop: string; origin?: string; log?: Logger; now?: Date },
): Promise<AdminGraphqlClient> {
  const session = await loadOfflineSession({ db, keys, shop, now });
  if (!session) throw new NoOfflineSessionError(shop);
  return createAdminGraphqlClient({ shop, accessToken: session.accessToken, apiVersion: API_VERSION, baseUrl: origin, log });
}
