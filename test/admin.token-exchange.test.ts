// A shop opening the app for the first time: a valid session token but no offline session yet, so
// Shopify's library exchanges the token with Shopify. Shopify's token endpoint is stood in for by a
// local HTTP server (its documented answers); the library's fetch is pointed at it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { loader } from "../app/routes/app";
import { answeringServerFailures } from "../app/sessions/admin-auth-failures.server";
import shopify from "../app/shopify.server";
import { freePort } from "../harness/free-port";
import { capturedLog } from "./helpers/pii-scan";
import { adminRequest, respond } from "./helpers/shopify";

let answer: { status: number; body: unknown } = { status: 200, body: {} };
let tokenEndpoint = "";
const server = http.createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(answer.status, { "Content-Type": "application/json" });
    response.end(JSON.stringify(answer.body));
  });
});

beforeAll(async () => {
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  tokenEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // https://<shop>/admin/oauth/access_token (the only call the library makes here) goes to the stand-in.
  setAbstractFetchFunc((url: RequestInfo | URL, init?: RequestInit) => fetch(`${tokenEndpoint}${new URL(String(url)).pathname}`, init));
});

afterAll(async () => {
  setAbstractFetchFunc(globalThis.fetch);
  await new Promise((resolve) => server.close(resolve));
});

async function pageLoad(shop: string, requestId: string) {
  const signed = await adminRequest("/app", shop);
  return new Request(signed, { headers: { "X-Request-Id": requestId } });
}

describe("a valid session token for a shop without an offline session", () => {
  it("given Shopify issues an offline token, when the app loads, then the session is stored, the shop recorded and the page served", async () => {
    const shop = "first-open.myshopify.com";
    answer = { status: 200, body: { access_token: "shpat_issued", scope: "read_customers", expires_in: 3600, refresh_token: "shprt_issued", refresh_token_expires_in: 7_776_000 } };
    const response = await respond(async () => loader({ request: await pageLoad(shop, "req-issued"), params: {}, context: {} }));
    expect(response.status).toBe(200);
    expect(await db().session.count({ where: { shop, isOnline: false } })).toBe(1);
    expect(await db().shop.findUnique({ where: { domain: shop } })).toMatchObject({ uninstalledAt: null });
  });

  it("given Shopify refuses the session token, then the browser is bounced to fetch a fresh one and nothing is stored", async () => {
    const shop = "refused-token.myshopify.com";
    answer = { status: 400, body: { error: "invalid_subject_token" } };
    const response = await respond(async () => loader({ request: await pageLoad(shop, "req-refused"), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toContain("/auth/session-token");
    expect(await db().session.count({ where: { shop } })).toBe(0);
  });

  it("given Shopify cannot be reached, then 503 with Retry-After instead of a bare 500, and nothing is stored", async () => {
    const shop = "shopify-unreachable.myshopify.com";
    const endpoint = tokenEndpoint;
    tokenEndpoint = `http://127.0.0.1:${await freePort()}`;
    try {
      const response = await respond(async () => loader({ request: await pageLoad(shop, "req-unreachable"), params: {}, context: {} }));
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(await response.text()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at /);
      expect(await db().session.count({ where: { shop } })).toBe(0);
    } finally {
      tokenEndpoint = endpoint;
    }
  });

  it("given Shopify answers with a server error, then the failure is logged at warn with the request id", async () => {
    const shop = "shopify-erroring.myshopify.com";
    answer = { status: 502, body: { errors: "bad gateway" } };
    const { log, text } = capturedLog();
    const authenticateAdmin = answeringServerFailures({ authenticateAdmin: shopify.authenticate.admin, log });
    const response = await respond(async () => authenticateAdmin(await pageLoad(shop, "req-logged-1234")));
    expect(response.status).toBe(503);
    const line = JSON.parse(text().trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ level: 40, requestId: "req-logged-1234", path: "/app" });
  });
});
