// Which scanner runs: headless Chromium where it is installed (real requests, cookies, storage),
// otherwise the static reading of the served HTML. The result always says which one ran.
import fs from "node:fs";
import { chromium, type BrowserContext } from "playwright-core";
import { scanPageInBrowser } from "./browser-scan.server";
import type { PageObservations } from "./page-observations";
import { scanPageStatically } from "./static-scan.server";

export type ScanMethod = "browser" | "static";

export interface PageScan {
  observations: PageObservations;
  ms: number;
}

export interface StorefrontScanner {
  method: ScanMethod;
  /** Pages one after another (a storefront is not loaded in parallel by one visitor either). */
  scanPages(pageUrls: string[]): Promise<PageScan[]>;
  /** The served HTML of a page, for finding a collection and a product to scan. */
  fetchHtml(pageUrl: string): Promise<string>;
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface StorefrontScannerOptions {
  /** Chromium's binary; null or missing on disk: the static scanner. */
  chromiumPath: string | null;
  /** How the static scanner and page discovery reach the storefront. */
  fetchPage?: typeof fetch;
  /** For the browser's context: tests route tracker hosts to local answers here. */
  prepareContext?: (context: BrowserContext) => Promise<void>;
}

async function timed<T>(work: () => Promise<T>) {
  const start = performance.now();
  const observations = await work();
  return { observations, ms: Math.round(performance.now() - start) };
}

export function createStorefrontScanner({ chromiumPath, fetchPage = fetch, prepareContext }: StorefrontScannerOptions): StorefrontScanner {
  const fetchHtml = async (pageUrl: string) => {
    const response = await fetchPage(pageUrl, { headers: { accept: "text/html" }, redirect: "follow" });
    if (!response.ok) throw new Error(`the storefront answered ${response.status} for ${new URL(pageUrl).pathname}`);
    return response.text();
  };
  if (!chromiumPath || !fs.existsSync(chromiumPath)) {
    return {
      method: "static",
      fetchHtml,
      async scanPages(pageUrls) {
        const scans: PageScan[] = [];
        for (const pageUrl of pageUrls) scans.push(await timed(() => scanPageStatically({ pageUrl, fetchPage })));
        return scans;
      },
    };
  }
  return {
    method: "browser",
    fetchHtml,
    async scanPages(pageUrls) {
      const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
      try {
        const scans: PageScan[] = [];
        for (const pageUrl of pageUrls) scans.push(await timed(() => scanPageInBrowser({ browser, prepareContext, pageUrl })));
        return scans;
      } finally {
        await browser.close();
      }
    },
  };
}
