// The offline session a background job calls the Admin API with. Loaded through the app's session
// storage, and renewed through Shopify's token endpoint by the library (`auth.refreshToken`) when the
// access token expires within five minutes (expiring offline tokens last an hour; Shopify replaces the
// refresh token at every renewal, so the renewed session is stored at once). One renewal per shop at
// a time in this process; Shopify keeps the previous refresh token valid until the new one is used,
// which covers a renewal racing in another process.
import { HttpResponseError, type Session, type Shopify } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";

const RENEW_WITHIN_MS = 5 * 60_000;

/** The shop has no usable offline token: nothing to retry until the merchant opens the app again. */
export class NoOfflineSessionError extends Error {
  override name = "NoOfflineSessionError";
  constructor(
    readonly shop: string,
    reason: string,
  ) {
    super(reason);
  }
}

export interface OfflineSessions {
  /** A session whose access token is good for at least five more minutes. */
  current(shop: string): Promise<Session>;
}

export function offlineSessions({ api, storage, now = () => Date.now() }: { api: Pick<Shopify, "auth" | "session">; storage: SessionStorage; now?: () => number }): OfflineSessions {
  const renewing = new Map<string, Promise<Session>>();

  async function renew(session: Session): Promise<Session> {
    try {
      const { session: renewed } = await api.auth.refreshToken({ shop: session.shop, refreshToken: session.refreshToken! });
      await storage.storeSession(renewed);
      return renewed;
    } catch (error) {
      const status = error instanceof HttpResponseError ? error.response.code : undefined;
      // 4xx: the grant is gone (uninstalled, access revoked, refresh token expired). 5xx and network
      // failures are Shopify's or the network's and worth another try.
      if (status && status >= 400 && status < 500) {
        throw new NoOfflineSessionError(session.shop, `Shopify refused to renew the access token (HTTP ${status}): the app was uninstalled or its access revoked; open the app in the Shopify admin to reconnect`);
      }
      throw error;
    }
  }

  return {
    async current(shop) {
      const session = await storage.loadSession(api.session.getOfflineId(shop));
      if (!session?.accessToken) throw new NoOfflineSessionError(shop, "the app has no access token for this shop (not installed, or uninstalled): open the app in the Shopify admin");
      if (!session.expires || session.expires.getTime() - now() > RENEW_WITHIN_MS) return session;
      if (!session.refreshToken || (session.refreshTokenExpires && session.refreshTokenExpires.getTime() <= now())) {
        throw new NoOfflineSessionError(shop, "the shop's access token expired and cannot be renewed: open the app in the Shopify admin to reconnect");
      }
      let pending = renewing.get(shop);
      if (!pending) {
        pending = renew(session).finally(() => renewing.delete(shop));
        renewing.set(shop, pending);
      }
      return pending;
    },
  };
}
