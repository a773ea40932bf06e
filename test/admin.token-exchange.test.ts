// A staff member opening the app without an online session (the shop's first open, a new staff
// member, or a day after the last online token): a valid session token, so Shopify's library
// exchanges it with Shopify, first for the shop's offline token and then for the staff member's
// online one. Shopify's token endpoint is harness/admin-api-server.ts answering its documented
// shapes; the library's fetch is pointed at it.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../app/db.server";
import { loader } from "../app/routes/app";
import { answeringServerFailures } from "../app/sessions/admin-auth-failures.server";
import shopify, { sessionStorage } from "../app/shopify.server";
import { listStaffDirectory } from "../app/staff/staff-directory.server";
import { vault } from "../app/vault/vault.server";
import { adminApiFixture, startAdminApiServer, type AdminApiServer } from "../harness/admin-api-server";
import { freePort } from "../harness/free-port";
import { capturedLog, databaseMentions } from "./helpers/pii-scan";
import { adminRequest, installShop, respond } from "./helpers/shopify";

let server: AdminApiServer;
let tokenEndpoint = "";

beforeAll(async () => {
  server = await startAdminApiServer();
  tokenEndpoint = server.url;
  // https://<shop>/admin/oauth/access_token (the only call the library makes here) goes to the stand-in.
  setAbstractFetchFunc((url: RequestInfo | URL, init?: RequestInit) => fetch(`${tokenEndpoint}${new URL(String(url)).pathname}`, init));
});

afterAll(async () => {
  setAbstractFetchFunc(globalThis.fetch);
  await server.close();
});

const STAFF_ID = "902541635";

async function pageLoad(shop: string, requestId: string, userId = STAFF_ID) {
  const signed = await adminRequest("/app", shop, { userId, onlineSession: false });
  return new Request(signed, { headers: { "X-Request-Id": requestId } });
}

/** What the app asked the token endpoint for, in order. */
const requestedTokenTypes = (since: number) =>
  server.requests.slice(since).filter((request) => request.path === "/admin/oauth/access_token").map((request) => JSON.parse(request.body).requested_token_type as string);

describe("a valid session token without an online session for its staff member", () => {
  it("given Shopify issues an offline and an online token, when a staff member loads the app, then both sessions are stored, the shop recorded, the staff member named, and the page served", async () => {
    const shop = "first-open.myshopify.com";
    server.answerToken({ body: adminApiFixture("token-exchange-offline") }, { body: adminApiFixture("token-exchange-online") });
    const since = server.requests.length;

    const response = await respond(async () => loader({ request: await pageLoad(shop, "req-issued"), params: {}, context: {} }));

    expect(response.status).toBe(200);
    expect(requestedTokenTypes(since)).toEqual(["urn:shopify:params:oauth:token-type:offline-access-token", "urn:shopify:params:oauth:token-type:online-access-token"]);
    expect(await sessionStorage.loadSession(`offline_${shop}`)).toMatchObject({ isOnline: false, accessToken: "shpat_issued_4c1e7a", refreshToken: "shprt_issued_9d02b5" });
    const online = await sessionStorage.loadSession(`${shop}_${STAFF_ID}`);
    expect(online).toMatchObject({ isOnline: true, accessToken: "shpua_online_f85632530bf2" });
    expect(online!.expires!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);
    expect(await db().shop.findUnique({ where: { domain: shop } })).toMatchObject({ uninstalledAt: null });
    expect(await listStaffDirectory({ db: db(), keys: vault(), shop })).toEqual([{ userId: STAFF_ID, name: "John Smith", accountOwner: true }]);
    // The staff member's name and email are sealed at rest like the tokens.
    expect(await databaseMentions(["John", "Smith", "john@example.com", "shpua_online_f85632530bf2"])).toEqual([]);
  });

  it("given an installed shop and a staff member opening the app for the first time, then their online session is exchanged for and the shop's offline session renewed with it", async () => {
    const shop = "new-staff.myshopify.com";
    await installShop(shop);
    server.answerToken({ body: adminApiFixture("token-exchange-offline") }, { body: adminApiFixture("token-exchange-online") });
    const since = server.requests.length;

    const response = await respond(async () => loader({ request: await pageLoad(shop, "req-new-staff"), params: {}, context: {} }));

    expect(response.status).toBe(200);
    expect(requestedTokenTypes(since)).toHaveLength(2);
    expect((await listStaffDirectory({ db: db(), keys: vault(), shop })).map((entry) => entry.userId).sort()).toEqual(["12345", STAFF_ID]);
    // A second page load finds the online session: no further exchange.
    await respond(async () => loader({ request: await pageLoad(shop, "req-again"), params: {}, context: {} }));
    expect(requestedTokenTypes(since)).toHaveLength(2);
  });

  it("given Shopify refuses the session token, then the browser is bounced to fetch a fresh one and nothing is stored", async () => {
    const shop = "refused-token.myshopify.com";
    server.answerToken({ status: 400, body: { error: "invalid_subject_token" } });
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
    server.answerToken({ status: 502, body: { errors: "bad gateway" } });
    const { log, text } = capturedLog();
    const authenticateAdmin = answeringServerFailures({ authenticateAdmin: shopify.authenticate.admin, log });
    const response = await respond(async () => authenticateAdmin(await pageLoad(shop, "req-logged-1234")));
    expect(response.status).toBe(503);
    const line = JSON.parse(text().trim().split("\n").at(-1)!);
    expect(line).toMatchObject({ level: 40, requestId: "req-logged-1234", path: "/app" });
  });
});
