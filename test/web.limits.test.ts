// The edge's limits on the real web process: oversized bodies are refused before they are buffered,
// slow clients are cut off.
import { createHmac } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { API_SECRET_KEY } from "@shopify/shopify-api/test-helpers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataRequestPayload } from "./helpers/compliance";
import { peakRssBytes, startApp, type AppProcess } from "./helpers/app-process";

const SHOP = "limits-shop.myshopify.com";
const MB = 1024 * 1024;
const CHUNK = Buffer.alloc(MB, "a");

let web: AppProcess;
let capped: AppProcess;
beforeAll(async () => {
  [web, capped] = await Promise.all([
    startApp("server.ts", { HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "5000" }),
    startApp("server.ts", { HTTP_MAX_CONNECTIONS: "3" }),
  ]);
}, 180_000);
afterAll(() => Promise.all([web?.stop(), capped?.stop()]));

function signedHeaders(hmac: string, extra: Record<string, string> = {}) {
  return {
    "Content-Type": "application/json",
    "X-Shopify-Topic": "customers/data_request",
    "X-Shopify-Shop-Domain": SHOP,
    "X-Shopify-API-Version": "2026-10",
    "X-Shopify-Webhook-Id": crypto.randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-Hmac-Sha256": hmac,
    ...extra,
  };
}

/** Streams `megabytes` of body to `path` (signed like Shopify signs it); resolves with the status. */
function postLargeBody(path: string, megabytes: number, { declareLength }: { declareLength: boolean }): Promise<number> {
  const hmac = createHmac("sha256", API_SECRET_KEY);
  for (let i = 0; i < megabytes; i++) hmac.update(CHUNK);
  const headers = signedHeaders(hmac.digest("base64"), declareLength ? { "Content-Length": String(megabytes * MB) } : {});
  return new Promise((resolve, reject) => {
    const request = http.request(`${web.url}${path}`, { method: "POST", headers });
    request.once("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    // The server hangs up once it has answered: an error after the answer is expected.
    request.on("error", reject);
    let sent = 0;
    const write = () => {
      while (sent < megabytes) {
        sent++;
        if (!request.write(CHUNK)) return void request.once("drain", write);
      }
      request.end();
    };
    write();
  });
}

describe("body limits", () => {
  it("given a signed 100 MB compliance webhook with its Content-Length, then it is refused with 413 and the server's memory does not grow by the body", async () => {
    const before = peakRssBytes(web.child.pid!);
    expect(await postLargeBody("/webhooks/compliance", 100, { declareLength: true })).toBe(413);
    expect(peakRssBytes(web.child.pid!) - before).toBeLessThan(40 * MB);
  });

  it("given a signed 100 MB body streamed without a length, then it is refused with 413 once past the limit and memory stays bounded", async () => {
    const before = peakRssBytes(web.child.pid!);
    expect(await postLargeBody("/webhooks/compliance", 100, { declareLength: false })).toBe(413);
    expect(peakRssBytes(web.child.pid!) - before).toBeLessThan(40 * MB);
  });

  it("given an app-proxy body over its 64 KB limit, then it is refused with 413", async () => {
    const response = await fetch(`${web.url}/proxy/consent`, { method: "POST", body: "x".repeat(65 * 1024) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: "The request body is too large.", requestId: response.headers.get("x-request-id") });
  });

  it("given a signed webhook within the limit, when it is streamed in, then the route reads and accepts it", async () => {
    const body = JSON.stringify(dataRequestPayload(SHOP, 1));
    const hmac = createHmac("sha256", API_SECRET_KEY).update(body).digest("base64");
    const chunked = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const response = await fetch(`${web.url}/webhooks/compliance`, { method: "POST", headers: signedHeaders(hmac), body: chunked, duplex: "half" } as RequestInit);
    expect(response.status).toBe(200);
  });
});

describe("timeouts", () => {
  it("given a client that sends its headers one byte a second, then the server answers 408 and closes the connection after the header timeout", async () => {
    const { port } = new URL(web.url);
    const socket = net.connect(Number(port), "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const headers = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(60) + "\r\n\r\n";
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < headers.length && !socket.destroyed) socket.write(headers[sent++]!);
    }, 1_000);
    try {
      await closed;
    } finally {
      clearInterval(drip);
    }
    expect(sent).toBeLessThan(headers.length);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  }, 60_000);
});

describe("connection cap", () => {
  it("given as many open connections as the cap, then one more is closed unanswered, and once they go the server answers again", async () => {
    const { port } = new URL(capped.url);
    const open = () =>
      new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => resolve(socket));
        socket.on("error", reject);
      });
    const held = [await open(), await open(), await open()];
    const extra = await open();
    let answer = "";
    extra.on("data", (chunk) => (answer += chunk));
    const extraClosed = new Promise<void>((resolve) => extra.once("close", () => resolve()));
    extra.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await extraClosed;
    expect(answer).toBe("");
    for (const socket of held) socket.destroy();
    await expect.poll(async () => (await fetch(`${capped.url}/healthz`).catch(() => null))?.status, { timeout: 10_000 }).toBe(200);
  });
});
