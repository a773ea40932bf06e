// The preferred scanner: the page in headless Chromium as a first-time visitor sees it (a fresh
// profile, no consent given), recording every third-party request, the cookies and the storage keys
// set before anyone clicks, and which script set each (from the call stack of the setter).
import type { Browser, BrowserContext, Request } from "playwright-core";
import type { RequestType } from "./tracker-classifier.server";
import { observationKind, type PageObservations, type StoredNameObservation } from "./page-observations";
import { tagsInHtml } from "./static-scan.server";

/** How long a page may take to settle (network idle) before what was seen is taken as it is. */
const SETTLE_TIMEOUT_MS = 15_000;

const TYPES: Record<string, RequestType> = { script: "script", image: "image", xhr: "xhr", fetch: "fetch", ping: "ping", stylesheet: "stylesheet", font: "font", media: "media" };

// Runs in the page before any of its scripts: reports cookie and storage writes with the script URL
// at the top of the caller's stack (the first frame outside this hook).
function recordStoredNames() {
  const w = window as unknown as { __cvNames: { kind: string; name: string; setBy: string | null }[] };
  w.__cvNames = [];
  const caller = () => {
    const frames = (new Error().stack ?? "").split("\n").slice(3);
    for (const frame of frames) {
      const url = /(https?:\/\/[^\s)]+?)(?::\d+){1,2}\)?$/.exec(frame.trim());
      if (url) return url[1]!;
    }
    return null;
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie")!;
  Object.defineProperty(Document.prototype, "cookie", {
    configurable: true,
    get() {
      return cookie.get!.call(this);
    },
    set(value: string) {
      w.__cvNames.push({ kind: "cookie", name: String(value).split("=")[0]!.trim(), setBy: caller() });
      cookie.set!.call(this, value);
    },
  });
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key: string, value: string) {
    w.__cvNames.push({ kind: "storage", name: String(key), setBy: caller() });
    return setItem.call(this, key, value);
  };
}

function requestType(request: Request, pageFrame: unknown): RequestType {
  if (request.resourceType() === "document") return request.frame() === pageFrame ? "other" : "sub_frame";
  return TYPES[request.resourceType()] ?? "other";
}

export interface BrowserScanOptions {
  browser: Browser;
  /** Lets a caller route requests of the context (tests answer tracker hosts locally). */
  prepareContext?: (context: BrowserContext) => Promise<void>;
}

export async function scanPageInBrowser({ browser, prepareContext, pageUrl }: BrowserScanOptions & { pageUrl: string }): Promise<PageObservations> {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    await prepareContext?.(context);
    await context.addInitScript(recordStoredNames);
    const page = await context.newPage();
    const origin = new URL(pageUrl).hostname;
    const requests: PageObservations["requests"] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (!/^https?:$/.test(url.protocol) || url.hostname === origin) return;
      const type = requestType(request, page.mainFrame());
      const frame = request.frame().url();
      requests.push({ kind: observationKind(type), url: url.href, type, source: /\/web-pixels|wpm@/.test(frame) ? "pixel" : "theme" });
    });
    const response = await page.goto(pageUrl, { waitUntil: "load" });
    if (!response?.ok()) throw new Error(`the storefront answered ${response?.status() ?? "nothing"} for ${new URL(pageUrl).pathname}`);
    await page.waitForLoadState("networkidle", { timeout: SETTLE_TIMEOUT_MS }).catch(() => undefined);
    // Where each tag comes from (theme file or app embed) is only in the served HTML's markers.
    const tagged = tagsInHtml(await response.text(), page.url());
    const tagByHost = new Map(tagged.map((tag) => [new URL(tag.url).hostname, tag]));
    for (const request of requests) {
      const tag = tagByHost.get(new URL(request.url).hostname);
      if (tag && request.source !== "pixel") Object.assign(request, { source: tag.source }, tag.app ? { app: tag.app } : {});
    }
    const names = await page.evaluate(() => (window as unknown as { __cvNames: StoredNameObservation[] }).__cvNames);
    const cookies = await context.cookies();
    for (const cookie of cookies) {
      if (!names.some((n) => n.kind === "cookie" && n.name === cookie.name)) names.push({ kind: "cookie", name: cookie.name, setBy: cookie.domain.replace(/^\./, "") === origin ? null : `https://${cookie.domain.replace(/^\./, "")}/` });
    }
    const held = await page.evaluate(() =>
      Array.from(document.querySelectorAll("[data-consent][src], [data-consent][data-cv-src]"), (el) => (el.getAttribute("data-cv-src") ?? (el as HTMLScriptElement).src)),
    );
    return { page: new URL(pageUrl).pathname, requests, names: dedupeNames(names), held };
  } finally {
    await context.close();
  }
}

function dedupeNames(names: StoredNameObservation[]) {
  const seen = new Map<string, StoredNameObservation>();
  for (const name of names) if (!seen.has(`${name.kind}|${name.name}`)) seen.set(`${name.kind}|${name.name}`, name);
  return [...seen.values()];
}
