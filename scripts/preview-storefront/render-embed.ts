// Renders the consent banner's app embed block from the extension's own Liquid, the way Shopify
// would: block settings from the schema's defaults, translations from its locale files, `shop` and
// `request.locale` as Shopify provides them to app embeds.
import fs from "node:fs";
import path from "node:path";
import { Liquid, Tag, type TagToken, type TopLevelToken } from "liquidjs";

export const EXTENSION_DIR = path.resolve(import.meta.dirname, "../../extensions/consent-banner");
export const BLOCK_FILE = "blocks/consent-banner.liquid";
/** Where the preview serves the extension's assets/ (Shopify serves them from its CDN). */
export const ASSET_PATH = "/extension-assets/";

type SettingValue = string | number | boolean;
interface SchemaSetting {
  id?: string;
  type: string;
  default?: SettingValue;
  options?: { value: string }[];
}

const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

export function blockSchema(extensionDir = EXTENSION_DIR): { settings: SchemaSetting[] } {
  const source = fs.readFileSync(path.join(extensionDir, BLOCK_FILE), "utf8");
  const match = SCHEMA.exec(source);
  if (!match?.[1]) throw new Error(`${BLOCK_FILE} has no {% schema %} block`);
  return JSON.parse(match[1]) as { settings: SchemaSetting[] };
}

/**
 * The block's settings: schema defaults, then `overrides` for known setting ids (as a merchant
 * would set them in the theme editor). Checkbox and number overrides are converted; a select
 * override must be one of its options.
 */
export function blockSettings(overrides: Record<string, string> = {}, extensionDir = EXTENSION_DIR) {
  const settings: Record<string, SettingValue> = {};
  for (const setting of blockSchema(extensionDir).settings) {
    if (!setting.id) continue;
    const value = overrides[setting.id];
    settings[setting.id] = setting.default ?? "";
    if (value === undefined) continue;
    if (setting.type === "checkbox") settings[setting.id] = value === "true";
    else if (setting.type === "number") settings[setting.id] = Number(value);
    else if (setting.type !== "select" || setting.options?.some((o) => o.value === value)) settings[setting.id] = value;
  }
  return settings;
}

function readLocales(extensionDir: string) {
  const dir = path.join(extensionDir, "locales");
  const locales = new Map<string, Record<string, unknown>>();
  for (const file of fs.readdirSync(dir)) {
    if (file.endsWith(".schema.json")) continue;
    locales.set(file.replace(/(\.default)?\.json$/, ""), JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")));
  }
  return locales;
}

function lookup(tree: unknown, key: string): string | undefined {
  const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], tree);
  return typeof value === "string" ? value : undefined;
}

/**
 * A Liquid engine with what Shopify gives the extension's files: `{% schema %}` left unrendered,
 * `json`, `t` (the extension's locale files for `request.locale`, English as fallback), `asset_url`,
 * and `{% render %}` of the extension's snippets/.
 */
export function createExtensionEngine(extensionDir = EXTENSION_DIR) {
  const locales = readLocales(extensionDir);
  const engine = new Liquid({ strictFilters: true, root: [path.join(extensionDir, "snippets")], extname: ".liquid" });
  // The schema is read by Shopify, not rendered.
  engine.registerTag(
    "schema",
    class extends Tag {
      constructor(token: TagToken, remain: TopLevelToken[], liquid: Liquid) {
        super(token, remain, liquid);
        while (remain.length) {
          const next = remain.shift() as TagToken;
          if (next.name === "endschema") return;
        }
        throw new Error("{% schema %} is not closed");
      }
      render() {}
    },
  );
  // Shopify's json filter escapes <, > and & so a value cannot close the surrounding <script>.
  engine.registerFilter("json", (value: unknown) =>
    JSON.stringify(value ?? null).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026"),
  );
  // Shopify's t: the extension's own locale file for the request's language, English as fallback.
  engine.registerFilter("t", function (this: { context: { environments: object } }, key: string) {
    const language = (this.context.environments as { request: { locale: { iso_code: string } } }).request.locale.iso_code;
    return lookup(locales.get(language), key) ?? lookup(locales.get("en"), key) ?? `translation missing: ${language}.${key}`;
  });
  engine.registerFilter("asset_url", (name: string) => ASSET_PATH + encodeURIComponent(name));
  return { engine, locales };
}

export function createEmbedRenderer(extensionDir = EXTENSION_DIR) {
  const { engine, locales } = createExtensionEngine(extensionDir);
  const template = engine.parse(fs.readFileSync(path.join(extensionDir, BLOCK_FILE), "utf8"));

  /** `trackerRules`: the value of the app-data metafield the tracker scan publishes (none: no blocking). */
  return function renderEmbed({ locale, settings, shop, trackerRules }: { locale: string; settings: Record<string, SettingValue>; shop: string; trackerRules?: unknown }) {
    const language = locales.has(locale) ? locale : "en";
    return engine.renderSync(template, {
      block: { id: "preview", settings },
      app: { metafields: { consent_vault: { tracker_rules: trackerRules === undefined ? undefined : { value: trackerRules } } } },
      shop: { name: "Preview storefront", permanent_domain: shop, privacy_policy: { url: "/policies/privacy-policy" } },
      request: { locale: { iso_code: language, primary: language === "en", root_url: language === "en" ? "/" : `/${language}` } },
    }) as string;
  };
}

export function previewLanguages(extensionDir = EXTENSION_DIR): string[] {
  return [...readLocales(extensionDir).keys()].sort();
}
