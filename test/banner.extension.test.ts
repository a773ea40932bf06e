// The consent banner theme app extension as Shopify would receive it: theme-check clean, within the
// size budget, every language complete.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { themeCheckRun } from "@shopify/theme-check-node";
import { describe, expect, it } from "vitest";
import { EXTENSION_DIR } from "../scripts/preview-storefront/render-embed";

/** Total shipped JS + CSS, gzipped: the ceiling (fail above) and aim. */
const SIZE_LIMIT = 8 * 1024;
const LANGUAGES = ["en.default", "de", "fr", "es", "it", "nl", "pl", "pt-BR", "sv", "da"];

function keyPaths(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([key, value]) => keyPaths(value, prefix ? `${prefix}.${key}` : key));
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, "locales", file), "utf8"));
}

describe("consent banner extension", () => {
  it("given the extension, when Shopify's theme-check runs on it, then it reports nothing", async () => {
    const { offenses } = await themeCheckRun(EXTENSION_DIR);
    expect(offenses.map((o) => `${o.check} ${o.uri}: ${o.message}`)).toEqual([]);
  }, 60_000);

  it("given the shipped assets, when gzipped, then JS and CSS together stay within 8 KB", () => {
    const assets = fs.readdirSync(path.join(EXTENSION_DIR, "assets")).filter((f) => /\.(js|css)$/.test(f));
    expect(assets.sort()).toEqual(["consent-banner.css", "consent-banner.js"]);
    const gzipped = assets.map((f) => gzipSync(fs.readFileSync(path.join(EXTENSION_DIR, "assets", f)), { level: 9 }).length);
    expect(gzipped.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(SIZE_LIMIT);
  });

  it("given the English locale files, when each language's files are read, then they have exactly its keys, none blank", () => {
    const storefront = keyPaths(readJson("en.default.json")).sort();
    const editor = keyPaths(readJson("en.default.schema.json")).sort();
    for (const language of LANGUAGES) {
      const own = readJson(`${language}.json`) as Record<string, Record<string, string>>;
      expect(keyPaths(own).sort(), `${language}.json`).toEqual(storefront);
      expect(Object.values(own.consent_banner!).filter((text) => !text.trim()), `${language}.json`).toEqual([]);
      expect(keyPaths(readJson(`${language}.schema.json`)).sort(), `${language}.schema.json`).toEqual(editor);
    }
  });

  it("given the embed block's schema, when read, then it targets compliance_head and loads its script deferred", () => {
    const liquid = fs.readFileSync(path.join(EXTENSION_DIR, "blocks/consent-banner.liquid"), "utf8");
    const schema = JSON.parse(/{% schema %}([\s\S]*){% endschema %}/.exec(liquid)![1]!) as { target: string };
    expect(schema.target).toBe("compliance_head");
    expect(liquid).toMatch(/<script src="{{ 'consent-banner.js' \| asset_url }}" defer><\/script>/);
    expect(liquid).not.toMatch(/<link[^>]+stylesheet/);
    expect(fs.readFileSync(path.join(EXTENSION_DIR, "shopify.extension.toml"), "utf8")).toMatch(/^type = "theme"$/m);
  });
});
