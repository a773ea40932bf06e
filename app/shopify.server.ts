// shopifyApp() for this app: embedded, token-exchange auth, expiring offline tokens, sessions in the
// app database. shopify.app.toml declares scopes and webhooks; this file only reads them from config.
import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { API_VERSION } from "./api-version.server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { config } from "./config.server";
import { db } from "./db.server";
import { log } from "./log.server";
import { recordInstallation } from "./shops/installation.server";

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
  sessionStorage: new PrismaSessionStorage(db()),
  distribution: AppDistribution.AppStore,
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

export default shopify;
export const authenticate = shopify.authenticate;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;
