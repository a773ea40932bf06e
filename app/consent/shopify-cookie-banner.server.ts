// Shopify's own cookie banner, which shoppers would otherwise see next to ours. Shopify exposes it
// as PrivacySettings.banner (CookieBanner.enabled, scope read_privacy_settings) and turns it off with
// privacyFeaturesDisable(featuresToDisable: [COOKIE_BANNER]) (scope write_privacy_settings); both
// since API version 2025-04. Turning it off is refused while our banner is not on in the live theme:
// the storefront would then ask nobody for consent.
import type { Logger } from "pino";
import { z } from "zod";
import { recordAudit } from "../audit/audit-trail.server";
import type { Db } from "../db.server";
import { AdminApiError } from "../sync/admin-api-error.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";
import { readEmbedStatus } from "./embed-status.server";

export const SHOPIFY_BANNER_QUERY = `#graphql
query ShopifyCookieBanner {
  privacySettings { banner { enabled } }
}`;

export const SHOPIFY_BANNER_DISABLE_MUTATION = `#graphql
mutation RetireShopifyCookieBanner {
  privacyFeaturesDisable(featuresToDisable: [COOKIE_BANNER]) {
    featuresDisabled
    userErrors { code field message }
  }
}`;

const bannerData = z.object({ privacySettings: z.object({ banner: z.object({ enabled: z.boolean() }).nullable() }) });
const disableData = z.object({
  privacyFeaturesDisable: z.object({
    featuresDisabled: z.array(z.string()).nullable(),
    userErrors: z.array(z.object({ code: z.string().nullable(), message: z.string() })),
  }),
});

export type ShopifyBannerState =
  /** Shopify's banner shows on the storefront, next to ours. */
  | "on"
  /** Removed: shoppers see only the Consent Vault banner. */
  | "off"
  /** The Admin API could not be asked (scope not granted yet, Shopify unreachable). */
  | "unknown";

export async function readShopifyBanner({ client, log }: { client: AdminGraphqlClient; log: Logger }): Promise<ShopifyBannerState> {
  try {
    const { data } = await client.request({ query: SHOPIFY_BANNER_QUERY, data: bannerData });
    // A shop that never had the banner set up has none to retire.
    return data.privacySettings.banner?.enabled ? "on" : "off";
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    log.warn({ shop: client.shop, code: error.code, graphqlCodes: error.graphqlCodes }, "could not read Shopify's cookie banner setting");
    return "unknown";
  }
}

export type RetireOutcome =
  | { outcome: "retired" }
  /** Refused: our banner is not on in the live theme, so shoppers would see no banner at all. */
  | { outcome: "our-banner-off" }
  /** Shopify refused or could not be reached; nothing changed. */
  | { outcome: "failed" };

export async function retireShopifyBanner({
  db,
  client,
  apiKey,
  actor,
  log,
  now = new Date(),
}: {
  db: Db;
  client: AdminGraphqlClient;
  apiKey: string;
  actor: string;
  log: Logger;
  now?: Date;
}): Promise<RetireOutcome> {
  const embed = await readEmbedStatus({ client, apiKey, log });
  if (embed.state !== "enabled") return { outcome: "our-banner-off" };
  try {
    const { data } = await client.request({ query: SHOPIFY_BANNER_DISABLE_MUTATION, data: disableData });
    const { userErrors } = data.privacyFeaturesDisable;
    if (userErrors.length > 0) {
      log.warn({ shop: client.shop, codes: userErrors.map((e) => e.code) }, "Shopify refused to turn off its cookie banner");
      return { outcome: "failed" };
    }
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    log.warn({ shop: client.shop, code: error.code, graphqlCodes: error.graphqlCodes }, "could not turn off Shopify's cookie banner");
    return { outcome: "failed" };
  }
  await recordAudit(db, { shop: client.shop, actor, action: "consent.shopify_banner.retired", detail: { theme: embed.themeName } }, now);
  return { outcome: "retired" };
}
