// The tracker scanner on the sample storefront (preview storefront with the common tracker tags, their
// hosts answered locally): time per page of the browser scan next to a plain Chromium page load of
// the same page (baseline), and of the static scan next to a plain fetch; the share of trackers the
// database classifies; and what the banner ships with that page's rule set, next to without rules.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { classifyObservations } from "../app/trackers/classify-observations.server";
import { pagesToScan } from "../app/trackers/scan-storefront.server";
import { createStorefrontScanner } from "../app/trackers/storefront-scanner.server";
import { trackerClassifier } from "../app/trackers/tracker-classifier.server";
import { trackerRules } from "../app/trackers/tracker-rules.server";
import { fetchShopFrom, routeTrackerHosts } from "../harness/tracker-hosts";
import { startPreviewStorefront } from "../scripts/preview-storefront/server";
import { createEmbedRenderer, blockSettings } from "../scripts/preview-storefront/render-embed";
import type { Bench, BenchRow } from "./lib/harness";

const NAME = "tracker scan";
const CHROMIUM = "/usr/bin/chromium";
const SHOP = "bench-scan.myshopify.com";
const ORIGIN = `https://${SHOP}`;
const ROUNDS = 3;
const ASSETS = path.resolve(import.meta.dirname, "../extensions/consent-banner/assets");

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

/** The inline part of the embed (what Liquid renders into <head>), with or without a rule set. */
function inlineEmbed(rules: unknown) {
  const html = createEmbedRenderer()({ locale: "en", settings: blockSettings(), shop: SHOP, trackerRules: rules });
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
}

export const trackerScanBench: Bench = {
  name: NAME,
  async run(): Promise<BenchRow[]> {
    const preview = await startPreviewStorefront({ appUrl: "http://127.0.0.1:9", apiSecret: "unused", shop: SHOP, withTrackers: true });
    const prepareContext = routeTrackerHosts({ shopHost: SHOP, storefrontUrl: preview.url });
    const fetchPage = fetchShopFrom(preview.url);
    try {
      const classifier = await trackerClassifier();
      const browserScanner = createStorefrontScanner({ chromiumPath: CHROMIUM, fetchPage, prepareContext });
      const staticScanner = createStorefrontScanner({ chromiumPath: null, fetchPage });
      const pages = pagesToScan(ORIGIN, await browserScanner.fetchHtml(`${ORIGIN}/`));

      const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
      const plainLoads: number[] = [];
      const fetches: number[] = [];
      const browserScans: number[] = [];
      const staticScans: number[] = [];
      let lastBrowser: Awaited<ReturnType<typeof browserScanner.scanPages>> = [];
      let lastStatic: Awaited<ReturnType<typeof staticScanner.scanPages>> = [];
      try {
        for (let round = 0; round < ROUNDS; round++) {
          for (const pageUrl of pages) {
            const start = performance.now();
            const context = await browser.newContext();
            await prepareContext(context);
            const page = await context.newPage();
            await page.goto(pageUrl, { waitUntil: "load" });
            await page.waitForLoadState("networkidle");
            plainLoads.push(performance.now() - start);
            await context.close();
            const fetchStart = performance.now();
            await (await fetchPage(pageUrl)).text();
            fetches.push(performance.now() - fetchStart);
          }
          lastBrowser = await browserScanner.scanPages(pages);
          browserScans.push(...lastBrowser.map((s) => s.ms));
          lastStatic = await staticScanner.scanPages(pages);
          staticScans.push(...lastStatic.map((s) => s.ms));
        }
      } finally {
        await browser.close();
      }
      const found = classifyObservations({ pages: lastBrowser.map((s) => s.observations), classifier, origin: ORIGIN }).trackers;
      const foundStatic = classifyObservations({ pages: lastStatic.map((s) => s.observations), classifier, origin: ORIGIN }).trackers;
      const share = (trackers: typeof found) => `${trackers.filter((t) => t.category).length} of ${trackers.length} (${Math.round((100 * trackers.filter((t) => t.category).length) / trackers.length)}%)`;
      const rules = trackerRules(found);
      const assets = fs.readdirSync(ASSETS).filter((f) => /\.(js|css)$/.test(f)).reduce((sum, f) => sum + gz(fs.readFileSync(path.join(ASSETS, f))), 0);
      const without = gz(inlineEmbed(undefined));
      const withRules = gz(inlineEmbed(rules));
      const perPage = (values: number[]) => `${Math.round(median(values))} ms`;
      return [
        { bench: NAME, subject: `Chromium: fresh context, page load to network idle, no recording (baseline), ${pages.length} pages × ${ROUNDS}`, metric: "median per page", value: perPage(plainLoads) },
        { bench: NAME, subject: "browser scan (fresh context, recording, cookies, held tags)", metric: "median per page", value: perPage(browserScans), vsBaseline: `${(median(browserScans) / median(plainLoads)).toFixed(2)}×` },
        { bench: NAME, subject: "fetch of the page HTML (baseline)", metric: "median per page", value: perPage(fetches) },
        { bench: NAME, subject: "static scan (served HTML only)", metric: "median per page", value: perPage(staticScans), vsBaseline: `${(median(staticScans) / Math.max(median(fetches), 0.1)).toFixed(2)}×` },
        { bench: NAME, subject: "trackers classified by the database, browser scan", metric: "share", value: share(found) },
        { bench: NAME, subject: "trackers classified by the database, static scan", metric: "share", value: share(foundStatic) },
        { bench: NAME, subject: "banner JS+CSS + inline embed scripts without a rule set (baseline)", metric: "gzip -9", value: kb(assets + without) },
        { bench: NAME, subject: `same with the sample page's rule set (${Object.values(rules).flat().length} hosts, blocker included)`, metric: "gzip -9", value: kb(assets + withRules), vsBaseline: `+${withRules - without} bytes; budget 8 KB for JS+CSS (${kb(assets)})` },
      ];
    } finally {
      await preview.close();
    }
  },
};
