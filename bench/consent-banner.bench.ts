// The storefront banner's cost to a shop: what it ships (gzipped JS + CSS, next to open-source
// banners measured in ../shared/reference/consent-landscape.md §2), Lighthouse's performance score of
// the preview storefront page with and without the embed in the same run (Built for Shopify allows a
// drop of 10 points), and the Interaction to Next Paint of the "Accept all" click in Chromium, next to
// a click on the same page without the banner.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium, type Browser } from "playwright-core";
import { startPreviewStorefront } from "../scripts/preview-storefront/server";
import type { Bench, BenchRow } from "./lib/harness";

const NAME = "consent banner: storefront";
const CHROMIUM = "/usr/bin/chromium";
const EXTENSION_ASSETS = path.resolve(import.meta.dirname, "../extensions/consent-banner/assets");
/** Lighthouse runs per variant, alternated so a busy moment on the machine hits both alike. */
const LIGHTHOUSE_RUNS = 5;
const INP_RUNS = 15;
/** Lighthouse's mobile preset slows the CPU 4×; the INP runs use the same slowdown. */
const CPU_SLOWDOWN = 4;
const CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** gzip -9 of the open-source banners' shipped JS + CSS (consent-landscape.md §2). */
const ANCHORS_KB = [
  { subject: "orestbida/cookieconsent 3.1 (JS 10.1 + CSS 5.3)", kb: 15.4 },
  { subject: "tarteaucitron.js 1.32 (JS 18.6 + services 35.0 + CSS 5.0)", kb: 58.6 },
  { subject: "klaro 0.7 (JS incl. CSS)", kb: 68.9 },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function sizeRows(): BenchRow[] {
  const files = fs.readdirSync(EXTENSION_ASSETS).filter((file) => /\.(js|css)$/.test(file));
  const bytes = files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(path.join(EXTENSION_ASSETS, file)), { level: 9 }).length, 0);
  const kb = bytes / 1024;
  return [
    { bench: NAME, subject: `Consent Vault banner (${files.join(" + ")})`, metric: "JS+CSS gzip -9", value: `${kb.toFixed(2)} KB` },
    ...ANCHORS_KB.map((anchor) => ({ bench: NAME, subject: anchor.subject, metric: "JS+CSS gzip -9", value: `${anchor.kb} KB`, vsBaseline: `${(kb / anchor.kb).toFixed(2)}× ours` })),
  ];
}

/** Stands where the app's /proxy route is: the preview forwards receipts here; each is answered 204. */
async function startReceiptSink() {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

interface LighthouseRun {
  score: number;
  lcp: number;
  tbt: number;
  cls: number;
}

async function lighthouseRows(pageUrl: string): Promise<BenchRow[]> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
  const runs: Record<"with" | "without", LighthouseRun[]> = { with: [], without: [] };
  try {
    // One warm-up each (disk cache of the binary, JIT of the server), not counted.
    for (let index = -1; index < LIGHTHOUSE_RUNS; index++) {
      for (const variant of ["without", "with"] as const) {
        const result = await lighthouse(`${pageUrl}/${variant === "without" ? "?embed=0" : ""}`, { port: chrome.port, onlyCategories: ["performance"], logLevel: "error", output: "json" });
        const lhr = result?.lhr;
        if (!lhr || lhr.runtimeError) throw new Error(`Lighthouse failed: ${lhr?.runtimeError?.message ?? "no result"}`);
        if (index < 0) continue;
        runs[variant].push({
          score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
          lcp: lhr.audits["largest-contentful-paint"]?.numericValue ?? NaN,
          tbt: lhr.audits["total-blocking-time"]?.numericValue ?? NaN,
          cls: lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN,
        });
      }
    }
  } finally {
    chrome.kill();
  }
  const summary = (variant: "with" | "without") => ({
    score: median(runs[variant].map((run) => run.score)),
    scores: runs[variant].map((run) => run.score).join(", "),
    lcp: median(runs[variant].map((run) => run.lcp)),
    tbt: median(runs[variant].map((run) => run.tbt)),
    cls: Math.max(...runs[variant].map((run) => run.cls)),
  });
  const without = summary("without");
  const withEmbed = summary("with");
  const rows = (subject: string, s: ReturnType<typeof summary>, baseline?: ReturnType<typeof summary>): BenchRow[] => [
    { bench: NAME, subject, metric: `Lighthouse performance (median of ${LIGHTHOUSE_RUNS}: ${s.scores})`, value: String(s.score), vsBaseline: baseline && `${s.score - baseline.score >= 0 ? "+" : ""}${s.score - baseline.score} points` },
    { bench: NAME, subject, metric: "LCP ms (median)", value: s.lcp.toFixed(0), vsBaseline: baseline && `${(s.lcp - baseline.lcp).toFixed(0)} ms` },
    { bench: NAME, subject, metric: "TBT ms (median)", value: s.tbt.toFixed(0), vsBaseline: baseline && `${(s.tbt - baseline.tbt).toFixed(0)} ms` },
    { bench: NAME, subject, metric: "CLS (worst run)", value: s.cls.toFixed(3) },
  ];
  return [...rows("preview storefront without the embed (baseline)", without), ...rows("preview storefront with the embed", withEmbed, without)];
}

/**
 * INP of one click on a fresh page: the longest 'event' entry of an interaction (durationThreshold 16,
 * the smallest allowed) or the first input's entry, which is reported whatever its duration (as the
 * web-vitals library does). Durations are rounded by the browser to 8 ms.
 */
const INP_OBSERVER = `
  window.inp = 0;
  window.firstInputSeen = false;
  const take = (list) => {
    for (const entry of list.getEntries()) {
      if (entry.entryType === "first-input" || entry.interactionId) window.inp = Math.max(window.inp, entry.duration);
      if (entry.entryType === "first-input") window.firstInputSeen = true;
    }
  };
  new PerformanceObserver(take).observe({ type: "event", buffered: true, durationThreshold: 16 });
  new PerformanceObserver(take).observe({ type: "first-input", buffered: true });
`;

async function clickInp(browser: Browser, url: string, target: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  try {
    // A string, not a function: tsx would wrap named functions in a helper the page does not have.
    await context.addInitScript(INP_OBSERVER);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
    await page.goto(url);
    const element = page.locator(target);
    await element.waitFor({ state: "visible" });
    await page.waitForLoadState("load");
    await element.click();
    // Entries reach observers after the next paint, later still on a slowed CPU: wait for the first input's.
    await page.waitForFunction(() => (window as unknown as { firstInputSeen: boolean }).firstInputSeen, undefined, { timeout: 10_000 });
    await page.waitForTimeout(200);
    return await page.evaluate(() => (window as unknown as { inp: number }).inp);
  } finally {
    await context.close();
  }
}

async function inpRows(pageUrl: string): Promise<BenchRow[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS.filter((flag) => flag !== "--headless=new") });
  const accept: number[] = [];
  const plain: number[] = [];
  try {
    for (let run = 0; run < INP_RUNS; run++) {
      plain.push(await clickInp(browser, `${pageUrl}/?embed=0`, "h1"));
      accept.push(await clickInp(browser, `${pageUrl}/`, "button:text-is('Accept all')"));
    }
  } finally {
    await browser.close();
  }
  const row = (subject: string, values: number[], baseline?: number[]): BenchRow => ({
    bench: NAME,
    subject,
    metric: `INP ms at ${CPU_SLOWDOWN}× CPU slowdown, median / worst of ${INP_RUNS}`,
    value: `${median(values)} / ${Math.max(...values)}`,
    vsBaseline: baseline && `${median(values) - median(baseline)} ms`,
  });
  return [row("click on the page without the embed (baseline)", plain), row("'Accept all' click (banner closes, consent set, receipt sent)", accept, plain)];
}

export const consentBannerBench: Bench = {
  name: NAME,
  async run() {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
    const sink = await startReceiptSink();
    const preview = await startPreviewStorefront({ appUrl: sink.url, apiSecret: "bench-secret" });
    try {
      return [...sizeRows(), ...(await lighthouseRows(preview.url)), ...(await inpRows(preview.url))];
    } finally {
      await preview.close();
      await sink.close();
    }
  },
};
