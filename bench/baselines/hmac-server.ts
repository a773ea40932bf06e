// Baseline: the least a webhook endpoint can do. node:http, read the raw body, verify Shopify's
// HMAC in constant time, answer 200. Nothing else.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";

const secret = process.env.SHOPIFY_API_SECRET ?? "";
const port = Number(process.env.PORT);

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const expected = createHmac("sha256", secret).update(Buffer.concat(chunks)).digest();
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      const valid = given.length === expected.length && timingSafeEqual(given, expected);
      res.writeHead(valid ? 200 : 401).end();
    });
  })
  .listen(port, "127.0.0.1");
