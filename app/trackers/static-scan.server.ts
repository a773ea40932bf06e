// The fallback scanner: the page's HTML as served, read for the tags that load third-party code
// (scripts, iframes, pixels) and the tracker URLs inline snippets would load. It cannot see what
// scripts do once they run (cookies, storage, beacons), which is why the browser scan is preferred.
import type { RequestType } from "./tracker-classifier.server";
import { observationKind, type PageObservations, type RequestObservation, type TrackerSource } from "./page-observations";

const APP_BLOCK = /<!--\s*BEGIN app block:\s*shopify:\/\/apps\/([^/\s]+)[^>]*-->([\s\S]*?)<!--\s*END app block\s*-->/gi;
const TAG = /<(script|iframe|img)\b([^>]*)>([\s\S]*?<\/script>)?/gi;
const ATTRIBUTE = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i");
const URL_IN_CODE = /(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\/[^\s'"`<>\\)]*/gi;
const TYPE_BY_TAG: Record<string, RequestType> = { script: "script", iframe: "sub_frame", img: "image" };

function attribute(attributes: string, name: string) {
  const match = ATTRIBUTE(name).exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3] ?? "").replace(/&amp;/g, "&") : null;
}

const isThirdParty = (url: URL, page: URL) => url.hostname !== page.hostname;

/** Scripts, iframes and pixels in the HTML, with where each came from (theme, app embed, pixel). */
export function tagsInHtml(html: string, pageUrl: string): RequestObservation[] {
  const page = new URL(pageUrl);
  const blocks: { start: number; end: number; app: string }[] = [];
  for (const match of html.matchAll(APP_BLOCK)) blocks.push({ start: match.index, end: match.index + match[0].length, app: match[1]! });
  const found = new Map<string, RequestObservation>();
  const add = (raw: string, type: RequestType, at: number) => {
    let url: URL;
    try {
      url = new URL(raw, page);
    } catch {
      return;
    }
    if (!/^https?:$/.test(url.protocol) || !isThirdParty(url, page)) return;
    const block = blocks.find((b) => at >= b.start && at < b.end);
    const source: TrackerSource = /\/web-pixels|wpm@/.test(url.pathname) ? "pixel" : block ? "app embed" : "theme";
    const key = url.href;
    if (!found.has(key)) found.set(key, { kind: observationKind(type), url: url.href, type, source, ...(block ? { app: block.app } : {}) });
  };
  for (const match of html.matchAll(TAG)) {
    const [, tag, attributes = "", body = ""] = match;
    const name = tag!.toLowerCase();
    // Code held by data-consent is already waiting for consent: it does not load before it.
    if (attribute(attributes, "data-consent") !== null) continue;
    const src = attribute(attributes, "src");
    if (src) add(src, TYPE_BY_TAG[name]!, match.index);
    if (name === "script" && !src && !/type\s*=\s*["']?(?!text\/javascript|module)[^\s"'>]/i.test(attributes)) {
      for (const inline of body.matchAll(URL_IN_CODE)) add(inline[0], /\.js(\?|$)/.test(inline[0]) ? "script" : "image", match.index);
    }
  }
  return [...found.values()];
}

/** Reads the page as served (no JavaScript runs). */
export async function scanPageStatically({ pageUrl, fetchPage }: { pageUrl: string; fetchPage: typeof fetch }): Promise<PageObservations> {
  const response = await fetchPage(pageUrl, { headers: { accept: "text/html" }, redirect: "follow" });
  if (!response.ok) throw new Error(`the storefront answered ${response.status} for ${new URL(pageUrl).pathname}`);
  const html = await response.text();
  return { page: new URL(pageUrl).pathname, requests: tagsInHtml(html, response.url || pageUrl), names: [], held: [] };
}
