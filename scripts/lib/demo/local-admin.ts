// The embedded admin of the demo shop without Shopify's admin around it: a small server of its own,
// on the loopback interface and only while `npm run demo` runs, that passes every request on to the
// app as the admin's frame would send it. Documents under /app get the shop, host and a fresh session
// token signed with the app secret (what the admin adds to the frame's URL); App Bridge, which only
// works inside Shopify's admin, is replaced by the documented-contract double the browser tests use,
// with session tokens fetched from this server. Nothing of this is part of the app itself.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { APP_BRIDGE_DOUBLE_SCRIPT, APP_BRIDGE_URL } from "../../../harness/app-bridge-double";

const APP_BRIDGE_PATH = "/__demo/app-bridge.js";
const TOKEN_PATH = "/__demo/session-token";
// Shopify's session tokens live for a minute; the double asks for a fresh one for every request.
const TOKEN_LIFETIME_S = 60;
// Hop-by-hop and length headers are the proxy's own business on each side.
const NOT_PASSED_ON = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"]);

// The double reads its tokens from this function, which fetches them with the page's own fetch
// before the double wraps it (a wrapped fetch would ask for a token to fetch a token).
const TOKEN_SOURCE = `(() => { const plainFetch = window.fetch.bind(window); window.__appBridgeDoubleIdToken = () => plainFetch(${JSON.stringify(TOKEN_PATH)}).then((response) => response.text()); })();`;

export interface LocalAdmin {
  /** Where to open the demo shop's admin. */
  url: string;
  close(): Promise<void>;
}

async function sessionToken({ shop, apiKey, secret }: { shop: string; apiKey: string; secret: string }) {
  const now = Math.floor(Date.now() / 1000);
  const { token } = await getJwt(shop.replace(".myshopify.com", ""), apiKey, secret, { exp: now + TOKEN_LIFETIME_S, nbf: now - 5, iat: now });
  return token;
}

/** The query the admin puts on the app's URL when it frames it (without the token, added per request). */
function adminQuery(url: URL, shop: string, locale: string): URLSearchParams | null {
  const wanted = { embedded: "1", shop, host: Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64") };
  if (Object.entries(wanted).every(([name, value]) => url.searchParams.get(name) === value)) return null;
  const query = new URLSearchParams(url.searchParams);
  for (const [name, value] of Object.entries(wanted)) query.set(name, value);
  if (!query.has("locale")) query.set("locale", locale);
  return query;
}

async function readBody(request: http.IncomingMessage): Promise<Blob | undefined> {
  if (request.method === "GET" || request.method === "HEAD") return undefined;
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  for await (const chunk of request) chunks.push(new Uint8Array(chunk as Buffer));
  return new Blob(chunks);
}

export async function startLocalAdmin({
  appUrl,
  apiKey,
  secret,
  shop,
  port = 0,
  locale = "en",
}: {
  appUrl: string;
  apiKey: string;
  secret: string;
  shop: string;
  /** 0: any free port. */
  port?: number;
  locale?: string;
}): Promise<LocalAdmin> {
  const server = http.createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", `http://${request.headers.host ?? "127.0.0.1"}`);
      if (url.pathname === TOKEN_PATH) {
        response.writeHead(200, { "content-type": "text/plain", "cache-control": "no-store" }).end(await sessionToken({ shop, apiKey, secret }));
        return;
      }
      if (url.pathname === APP_BRIDGE_PATH) {
        response.writeHead(200, { "content-type": "text/javascript", "cache-control": "no-store" }).end(`${TOKEN_SOURCE}\n${APP_BRIDGE_DOUBLE_SCRIPT}`);
        return;
      }
      if (url.pathname === "/") url.pathname = "/app";
      const document = request.method === "GET" && (url.pathname === "/app" || url.pathname.startsWith("/app/")) && !url.searchParams.has("_data");
      if (document) {
        const query = adminQuery(url, shop, locale);
        if (query) {
          response.writeHead(302, { location: `${url.pathname}?${query}` }).end();
          return;
        }
        url.searchParams.set("id_token", await sessionToken({ shop, apiKey, secret }));
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined && !NOT_PASSED_ON.has(name)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      }
      // As the reverse proxy in front of the app would: the public host (this server's) travels along.
      headers.set("x-forwarded-host", url.host);
      const answer = await fetch(`${appUrl}${url.pathname}${url.search}`, { method: request.method, headers, body: await readBody(request), redirect: "manual" });
      const answerHeaders: Record<string, string | string[]> = {};
      answer.headers.forEach((value, name) => {
        if (!NOT_PASSED_ON.has(name) && name !== "set-cookie") answerHeaders[name] = value;
      });
      const cookies = answer.headers.getSetCookie();
      if (cookies.length) answerHeaders["set-cookie"] = cookies;
      const location = answer.headers.get("location");
      if (location?.startsWith(appUrl)) answerHeaders.location = location.slice(appUrl.length) || "/";
      let body = Buffer.from(await answer.arrayBuffer());
      if (answer.headers.get("content-type")?.startsWith("text/html")) body = Buffer.from(body.toString("utf8").replaceAll(APP_BRIDGE_URL, APP_BRIDGE_PATH));
      response.writeHead(answer.status, answerHeaders).end(request.method === "HEAD" ? undefined : body);
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain" }).end(`The app at ${appUrl} did not answer: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/app`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
