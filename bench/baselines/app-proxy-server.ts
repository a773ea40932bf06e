// Baseline: the least an app proxy endpoint can do. node:http, verify the proxy signature over the
// sorted query in constant time and its timestamp (±90 s, as Shopify's library), read the body,
// answer 204. Nothing else.
import { timingSafeEqual } from "node:crypto";
import http from "node:http";
import { appProxySignature } from "../../harness/app-proxy";

const secret = process.env.SHOPIFY_API_SECRET ?? "";
const port = Number(process.env.PORT);

http
  .createServer((req, res) => {
    const query = new URL(req.url ?? "/", "http://baseline").searchParams;
    const given = Buffer.from(query.get("signature") ?? "", "hex");
    const expected = Buffer.from(appProxySignature(query, secret), "hex");
    const fresh = Math.abs(Date.now() / 1000 - Number(query.get("timestamp"))) <= 90;
    const valid = fresh && given.length === expected.length && timingSafeEqual(given, expected);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => res.writeHead(valid ? 204 : 400).end());
  })
  .listen(port, "127.0.0.1");
