// What the real web process answers at its edge: error answers without internals, and the headers
// every response and document carries.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "../app/db.server";
import { cloneDatabase } from "../harness/test-database";
import { ROOT, startApp, type AppProcess } from "./helpers/app-process";
import { adminRequest, installShop } from "./helpers/shopify";

const SHOP = "edge-shop.myshopify.com";
// What must never reach a client: stack frames, file paths, library names and messages.
const INTERNALS = [/\bat \S+ \(/, /\.tsx?:\d+/, /node_modules/, new RegExp(ROOT.replaceAll("/", "\\/")), /prisma/i, /libsql/i, /sqlite/i, /Error:/];

function expectNoInternals(body: string) {
  for (const pattern of INTERNALS) expect(body).not.toMatch(pattern);
}

/** A request the admin would send, with its signed session token, to the real server. */
async function fromAdmin(web: AppProcess, path: string, shop: string) {
  const request = await adminRequest(path, shop);
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  // Shopify's library turns bots away (410); the admin is loaded by browsers.
  headers.set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");
  return fetch(`${web.url}${url.pathname}${url.search}`, { headers, redirect: "manual" });
}

let web: AppProcess;
let broken: AppProcess;
let brokenDatabase: Awaited<ReturnType<typeof cloneDatabase>>;
beforeAll(async () => {
  // A second server on a database of its own that loses its session table once the server is up:
  // every admin page then fails inside Shopify's session storage with Prisma's error.
  brokenDatabase = await cloneDatabase(inject("templateDatabase"));
  [web, broken] = await Promise.all([startApp("server.ts"), startApp("server.ts", { DATABASE_URL: brokenDatabase.target.url })]);
  const client = createDb(brokenDatabase.target);
  await client.$executeRawUnsafe('DROP TABLE "Session"');
  await client.$disconnect();
}, 180_000);
afterAll(async () => {
  await Promise.all([web?.stop(), broken?.stop()]);
  await brokenDatabase?.drop();
});

describe("error answers", () => {
  it("given the database fails under an embedded admin page, then the 500 page says so in plain words with the request id and nothing of the server's internals", async () => {
    const response = await fromAdmin(broken, "/app", SHOP);
    const body = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    expect(body).toContain("Something went wrong");
    expect(body).toContain(response.headers.get("x-request-id"));
    expectNoInternals(body);
    // The cause is in the server's log, under the same request id.
    await expect.poll(() => broken.output()).toMatch(/does not exist/);
  });

  it("given a GET to a webhook route that only takes POST, then the answer is { error, requestId } without internals", async () => {
    const response = await fetch(`${web.url}/webhooks/compliance`);
    const body = await response.text();
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.parse(body)).toEqual({ error: expect.any(String), requestId: response.headers.get("x-request-id") });
    expectNoInternals(body);
  });

  it("given a Host header that is not a host name, then the express layer answers 400 { error, requestId } without internals", async () => {
    const { hostname, port } = new URL(web.url);
    const { status, headers, body } = await rawGet(hostname, Number(port), "/app", "not a host");
    expect(status).toBe(400);
    expect(JSON.parse(body)).toEqual({ error: "The request is malformed.", requestId: headers["x-request-id"] });
    expectNoInternals(body);
  });

  it("given an address no route serves, then the 404 page names no path and gives the request id", async () => {
    const response = await fetch(`${web.url}/no/such/page`);
    const body = await response.text();
    expect(response.status).toBe(404);
    expect(body).toContain("This page does not exist");
    expect(body).toContain(response.headers.get("x-request-id"));
    expect(body).not.toContain("/no/such/page");
    expectNoInternals(body);
  });
});

describe("headers", () => {
  it("given a session token for a shop, when the embedded admin loads, then only that shop's admin may frame it", async () => {
    await installShop(SHOP);
    const response = await fromAdmin(web, "/app", SHOP);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toBe(`frame-ancestors https://${SHOP} https://admin.shopify.com;`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });

  it.each(["/auth/login", "/no/such/page?shop=other-shop.myshopify.com", "/app?shop=other-shop.myshopify.com&embedded=1"])(
    "given a document without an authenticated shop (%s), then no one may frame it, whatever shop the query names",
    async (path) => {
      const response = await fetch(`${web.url}${path}`, { redirect: "manual" });
      const csp = response.headers.get("content-security-policy");
      if ((response.headers.get("content-type") ?? "").includes("text/html")) expect(csp).toBe("frame-ancestors 'none';");
      else expect(csp ?? "").not.toContain("other-shop");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    },
  );

  it.each(["/healthz", "/readyz", "/webhooks/compliance"])("given any response (%s), then it carries nosniff and the referrer policy", async (path) => {
    const response = await fetch(`${web.url}${path}`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});

/** A GET with a Host header fetch() would refuse to send. */
async function rawGet(hostname: string, port: number, path: string, host: string) {
  const http = await import("node:http");
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const request = http.request({ hostname, port, path, headers: { Host: host }, setHost: false }, (response) => {
      let body = "";
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end();
  });
}
