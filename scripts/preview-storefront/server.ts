// A sample storefront page with the consent banner embed, its assets, a stand-in for Shopify's
// privacy script, and Shopify's app proxy in front of the running app.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { appProxyQuery } from "./app-proxy";
import { samplePage } from "./page";
import { ASSET_PATH, EXTENSION_DIR, blockSchema, blockSettings, createEmbedRenderer } from "./render-embed";

export const PROXY_PREFIX = "/apps/consent-vault";
const STAND_IN = path.join(import.meta.dirname, "privacy-api-stand-in.js");
const MAX_BODY = 64 * 1024;
const TYPES: Record<string, string> = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" };

export interface PreviewStorefrontOptions {
  /** Where the app listens; the proxy forwards to `${appUrl}/proxy/…` like Shopify's app proxy. */
  appUrl: string;
  apiSecret: string;
  shop?: string;
  port?: number;
  host?: string;
  /** Adds the common tracker tags (tracker-tags.ts) to every page. */
  withTrackers?: boolean;
}

export async function startPreviewStorefront({
  appUrl,
  apiSecret,
  shop = "consent-vault-preview.myshopify.com",
  port = 0,
  host = "127.0.0.1",
  withTrackers = false,
}: PreviewStorefrontOptions) {
  // What Shopify would give the embed as app.metafields.consent_vault.tracker_rules once published.
  let trackerRules: unknown;
  const renderEmbed = createEmbedRenderer();
  const settingIds = new Set(blockSchema().settings.flatMap((s) => (s.id ? [s.id] : [])));

  async function forward(req: http.IncomingMessage, url: URL, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return send(res, 413, "text/plain", "request body too large");
      chunks.push(chunk);
    }
    const query = appProxyQuery({ storefrontQuery: url.searchParams, shop, pathPrefix: PROXY_PREFIX, secret: apiSecret });
    const target = `${appUrl.replace(/\/$/, "")}/proxy${url.pathname.slice(PROXY_PREFIX.length)}?${query}`;
    try {
      const upstream = await fetch(target, {
        method: req.method,
        headers: {
          "content-type": req.headers["content-type"] ?? "application/octet-stream",
          "x-forwarded-for": req.socket.remoteAddress ?? "",
          "user-agent": req.headers["user-agent"] ?? "",
        },
        body: Buffer.concat(chunks),
      });
      send(res, upstream.status, upstream.headers.get("content-type") ?? "text/plain", Buffer.from(await upstream.arrayBuffer()));
    } catch (error) {
      send(res, 502, "text/plain", `The app does not answer at ${appUrl} (${(error as Error).message}). Start it with npm start.`);
    }
  }

  function page(url: URL, res: http.ServerResponse) {
    const overrides = Object.fromEntries([...url.searchParams].filter(([key]) => settingIds.has(key)));
    const locale = url.searchParams.get("locale") ?? "en";
    const embed = renderEmbed({ locale, settings: blockSettings(overrides), shop, trackerRules });
    send(res, 200, "text/html; charset=utf-8", samplePage({ embed, locale, withEmbed: url.searchParams.get("embed") !== "0", withTrackers }));
  }

  function asset(file: string, res: http.ServerResponse) {
    const type = TYPES[path.extname(file)];
    if (!type || !fs.existsSync(file)) return send(res, 404, "text/plain", "not found");
    send(res, 200, type, fs.readFileSync(file));
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://preview.invalid");
    if (url.pathname.startsWith(`${PROXY_PREFIX}/`)) {
      if (req.method !== "POST" && req.method !== "GET") return send(res, 405, "text/plain", "method not allowed");
      return void forward(req, url, res).catch((error: Error) => send(res, 500, "text/plain", error.message));
    }
    if (req.method !== "GET") return send(res, 405, "text/plain", "method not allowed");
    // Home, a collection, a product and the cart all render the one sample page.
    if (/^\/(?:collections\/[\w-]+|products\/[\w-]+|cart)?$/.test(url.pathname)) return page(url, res);
    if (url.pathname === "/favicon.ico") return send(res, 204, "image/x-icon", "");
    if (url.pathname === "/preview/privacy-api-stand-in.js") return asset(STAND_IN, res);
    if (url.pathname.startsWith(ASSET_PATH)) {
      return asset(path.join(EXTENSION_DIR, "assets", path.basename(decodeURIComponent(url.pathname.slice(ASSET_PATH.length)))), res);
    }
    send(res, 404, "text/plain", "not found");
  });

  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    /** Stands for the published app-data metafield (app/trackers/publish-rules.server.ts). */
    setTrackerRules(rules: unknown) {
      trackerRules = rules;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}
