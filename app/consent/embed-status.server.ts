// Whether the consent banner app embed is switched on in the shop's live theme. Shopify has no
// "is my embed enabled" field: an enabled embed is an entry of the main theme's
// config/settings_data.json under current.blocks, typed shopify://apps/<app>/blocks/<block>/<uid>,
// with disabled: false (docs: theme app extensions configuration, "Detecting app blocks and app
// embed blocks"). Needs the read_themes scope.
import { z } from "zod";
import type { Logger } from "pino";
import { AdminApiError } from "../sync/admin-api-error.server";
import type { AdminGraphqlClient } from "../sync/admin-graphql.server";

/** The embed's file name in extensions/consent-banner/blocks: its handle in the deep link and the block type. */
export const CONSENT_BANNER_BLOCK = "consent-banner";
/**
 * The app's handle in block types (shopify://apps/<handle>/…): Shopify derives it from the app's
 * name in shopify.app.toml ("Consent Vault"). Matching it too keeps another app's block that happens
 * to be called consent-banner from passing for ours.
 */
export const APP_HANDLE = "consent-vault";

export const EMBED_STATUS_QUERY = `#graphql
query ConsentBannerEmbedStatus {
  themes(first: 1, roles: [MAIN]) {
    nodes {
      id
      name
      files(filenames: ["config/settings_data.json"], first: 1) {
        nodes {
          filename
          body {
            ... on OnlineStoreThemeFileBodyText { content }
            ... on OnlineStoreThemeFileBodyBase64 { contentBase64 }
          }
        }
      }
    }
  }
}`;

const embedStatusData = z.object({
  themes: z.object({
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        files: z
          .object({
            nodes: z.array(
              z.object({
                filename: z.string(),
                body: z.object({ content: z.string().optional(), contentBase64: z.string().optional() }),
              }),
            ),
          })
          .nullable(),
      }),
    ),
  }),
});

const settingsBlock = z.looseObject({ type: z.string(), disabled: z.boolean().optional() });
const settingsState = z.looseObject({ blocks: z.record(z.string(), z.unknown()).optional() });
const settingsData = z.looseObject({ current: z.union([z.string(), settingsState]), presets: z.record(z.string(), z.unknown()).optional() });

export type EmbedState =
  /** On in the live theme: the banner shows on the storefront. */
  | "enabled"
  /** Added to the live theme once, then switched off. */
  | "disabled"
  /** Never added to the live theme (embeds are off after install). */
  | "not-added"
  /** No published theme, or a theme whose settings could not be read. */
  | "no-theme"
  /** The Admin API could not be asked (missing read_themes scope, Shopify unreachable). */
  | "unknown";

export interface EmbedStatus {
  state: EmbedState;
  themeName: string | null;
  /** Opens the theme editor on App embeds with our embed switched on, ready to save. */
  activateUrl: string;
}

export function embedActivationUrl({ shop, apiKey }: { shop: string; apiKey: string }) {
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${CONSENT_BANNER_BLOCK}`;
}

/** settings_data.json starts with a comment Shopify writes; JSON.parse needs it gone. */
function withoutLeadingComments(text: string) {
  return text.replace(/^\uFEFF?\s*(\/\*[\s\S]*?\*\/\s*)*/, "");
}

const OUR_BLOCK_TYPE = new RegExp(`^shopify://apps/${APP_HANDLE}/blocks/${CONSENT_BANNER_BLOCK}/[^/]+$`);

/** What the live theme's settings say about our embed; "no-theme" when they cannot be read. */
export function embedStateFromSettings(raw: string): Exclude<EmbedState, "unknown"> {
  let json: unknown;
  try {
    json = JSON.parse(withoutLeadingComments(raw));
  } catch {
    return "no-theme";
  }
  const parsed = settingsData.safeParse(json);
  if (!parsed.success) return "no-theme";
  // `current` may name a preset (a theme style) instead of holding the values itself.
  const current = typeof parsed.data.current === "string" ? settingsState.safeParse(parsed.data.presets?.[parsed.data.current]).data : parsed.data.current;
  const ours = Object.values(current?.blocks ?? {}).flatMap((block) => {
    const entry = settingsBlock.safeParse(block);
    return entry.success && OUR_BLOCK_TYPE.test(entry.data.type) ? [entry.data] : [];
  });
  if (ours.length === 0) return "not-added";
  return ours.some((block) => block.disabled === false) ? "enabled" : "disabled";
}

export async function readEmbedStatus({ client, apiKey, log }: { client: AdminGraphqlClient; apiKey: string; log: Logger }): Promise<EmbedStatus> {
  const activateUrl = embedActivationUrl({ shop: client.shop, apiKey });
  let data: z.infer<typeof embedStatusData>;
  try {
    ({ data } = await client.request({ query: EMBED_STATUS_QUERY, data: embedStatusData }));
  } catch (error) {
    if (!(error instanceof AdminApiError)) throw error;
    // The page still works without it: the merchant sees "could not check" and the link.
    log.warn({ shop: client.shop, code: error.code, graphqlCodes: error.graphqlCodes }, "could not read the live theme's app embeds");
    return { state: "unknown", themeName: null, activateUrl };
  }
  const theme = data.themes.nodes[0];
  if (!theme) return { state: "no-theme", themeName: null, activateUrl };
  const body = theme.files?.nodes.find((file) => file.filename === "config/settings_data.json")?.body;
  const raw = body?.content ?? (body?.contentBase64 !== undefined ? Buffer.from(body.contentBase64, "base64").toString("utf8") : null);
  // A theme without settings_data.json has never had anything switched on.
  return { state: raw === null ? "not-added" : embedStateFromSettings(raw), themeName: theme.name, activateUrl };
}
