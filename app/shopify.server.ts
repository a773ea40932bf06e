// shopifyApp() for this app: embedded, token-exchange auth, expiring offline tokens, sessions in the
// app database with their tokens encrypted. shopify.app.toml declares scopes and webhooks; this file only reads them from config.
//
// Online tokens: `authenticate.admin` returns the staff member's online session (id `<shop>_<user
// id>`, its `onlineAccessInfo.associated_user` names them). When it is missing or expired (24 hours),
// the library exchanges the session token twice, for an offline token (stored as `offline_<shop>`,
// replacing the one before) and then an online one, and runs afterAuth with the online session. An
// online token carries the staff member's own permissions, so the app's own Admin API calls (sync,
// write-back, jobs, and admin pages through app/sync/admin-page-client.server.ts) keep using the
// shop's offline session through `shopOfflineSessions`, never `session.accessToken` of an admin request.
import "@shopify/shopify-app-remix/adapters/node";
import { shopifyApi } from "@shopify/shopify-api";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { API_VERSION } from "./api-version.server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { config } from "./config.server";
import { db } from "./db.server";
import { log } from "./log.server";
import { claimedShop, recordSecurityEvent } from "./security/record-security-event.server";
import { answeringServerFailures } from "./sessions/admin-auth-failures.server";
import { encryptedSessionStorage } from "./sessions/encrypted-session-storage.server";
import { offlineSessions } from "./sessions/offline-session.server";
import { recordInstallation } from "./shops/installation.server";
import { vault } from "./vault/vault.server";

const LOG_LEVEL = {
  [LogSeverity.Error]: "error",
  [LogSeverity.Warning]: "warn",
  [LogSeverity.Info]: "info",
  [LogSeverity.Debug]: "debug",
} as const;

const settings = config();

const shopify = shopifyApp({
  apiKey: settings.SHOPIFY_API_KEY,
  apiSecretKey: settings.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: settings.SCOPES,
  appUrl: settings.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: encryptedSessionStorage({ inner: new PrismaSessionStorage(db()), keys: vault() }),
  distribution: AppDistribution.AppStore,
  useOnlineTokens: true,
  future: { unstable_newEmbeddedAuthStrategy: true, expiringOfflineAccessTokens: true },
  logger: {
    level: LogSeverity.Warning,
    log: (severity, message) => log[LOG_LEVEL[severity]]({ source: "shopify" }, message),
  },
  hooks: {
    afterAuth: async ({ session }) => {
      await recordInstallation({ db: db(), shop: session.shop });
    },
  },
  ...(settings.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [settings.SHOP_CUSTOM_DOMAIN] } : {}),
});

/**
 * The same app for work outside any request: background jobs renew expiring offline tokens with its
 * `auth.refreshToken` (app/sessions/offline-session.server.ts), which reports Shopify's HTTP status
 * where the Remix helpers turn every failure into a 500.
 */
export const backgroundApi = shopifyApi({
  apiKey: settings.SHOPIFY_API_KEY,
  apiSecretKey: settings.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: settings.SCOPES,
  hostName: new URL(settings.SHOPIFY_APP_URL).host,
  hostScheme: new URL(settings.SHOPIFY_APP_URL).protocol === "http:" ? "http" : "https",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Warning, log: async (severity, message) => log[LOG_LEVEL[severity]]({ source: "shopify" }, message) },
  ...(settings.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [settings.SHOP_CUSTOM_DOMAIN] } : {}),
});

/** The shop's offline session, renewed when it expires: for Admin API calls the app makes as itself. */
export const shopOfflineSessions = offlineSessions({ api: backgroundApi, storage: shopify.sessionStorage });

export default shopify;
export const authenticate = {
  ...shopify.authenticate,
  admin: answeringServerFailures({
    authenticateAdmin: shopify.authenticate.admin,
    log,
    onRefusedSessionToken: (request) => recordSecurityEvent({ shop: claimedShop(request), kind: "session-token.invalid" }),
  }),
};
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
