// Expiring offline tokens last an hour: background sync must renew them through Shopify's token
// endpoint (here the local Admin API server, reached through the library's own fetch), store the
// renewed session, and end with a clear reason on the sync card when Shopify refuses.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { setUpValidSession } from "@shopify/shopify-api/test-helpers";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "../app/db.server";
import { sessionStorage } from "../app/shopify.server";
import { startFullSyncJob } from "../app/sync/jobs.server";
import { adminApiFixture } from "../harness/admin-api-server";
import { runJobHandler } from "./helpers/jobs";

const server = await vi.hoisted(async () => (await import("./helpers/admin-api-origin")).startAdminApiOrigin());
afterAll(() => server.close());
// The library calls https://<shop>/admin/oauth/access_token; *.myshopify.com resolves to Shopify,
// which the tests cannot reach, so its requests go to the local server instead.
setAbstractFetchFunc((input, init) => fetch(String(input).replace(/^https:\/\/[a-z0-9-]+\.myshopify\.com/, server.url), init));

const HOUR = 3600_000;
const runStartFullSync = (shop: string) => runJobHandler(startFullSyncJob, { shop }, { attempt: 1, maxAttempts: 5 });

async function installWithToken(shop: string, { expiresInMs, refreshToken = "shprt_original" }: { expiresInMs: number; refreshToken?: string }) {
  const session = setUpValidSession({ shop, expires: new Date(Date.now() + expiresInMs) });
  session.accessToken = "shpat_original";
  session.refreshToken = refreshToken;
  session.refreshTokenExpires = new Date(Date.now() + 90 * 24 * HOUR);
  await sessionStorage.storeSession(session);
}

const tokenRequests = () => server.requests.filter((request) => request.path === "/admin/oauth/access_token");
const graphqlTokens = () => server.requests.filter((request) => request.path.endsWith("/graphql.json")).map((request) => request.headers["x-shopify-access-token"]);

describe("offline token renewal for background sync", () => {
  it("given an access token that expired, when a full sync starts, then the token is renewed, stored, and the Admin API called with the new one", async () => {
    const shop = "renew-expired.myshopify.com";
    await installWithToken(shop, { expiresInMs: -60_000 });
    server.answerToken({ body: adminApiFixture("access-token-renewed") });
    server.answer({ body: adminApiFixture("bulk-operation-run-query") });

    await runStartFullSync(shop);

    const [renewal] = tokenRequests();
    expect(JSON.parse(renewal!.body)).toEqual({ client_id: "testApiKey", client_secret: "testApiSecretKey", refresh_token: "shprt_original", grant_type: "refresh_token" });
    expect(graphqlTokens().at(-1)).toBe("shpat_renewed_0f3c9a");
    const stored = await sessionStorage.loadSession(`offline_${shop}`);
    expect(stored).toMatchObject({ accessToken: "shpat_renewed_0f3c9a", refreshToken: "shprt_renewed_71b2d4" });
    expect(stored!.expires!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect((await db().syncState.findUniqueOrThrow({ where: { shop } })).status).toBe("running");
  });

  it("given a token still good for an hour, then no renewal is asked for", async () => {
    const shop = "renew-not-needed.myshopify.com";
    await installWithToken(shop, { expiresInMs: HOUR });
    const before = tokenRequests().length;
    server.answer({ body: adminApiFixture("bulk-operation-run-query") });

    await runStartFullSync(shop);

    expect(tokenRequests().length).toBe(before);
    expect(graphqlTokens().at(-1)).toBe("shpat_original");
  });

  it("given Shopify refuses the renewal (access revoked), then the job ends for good and the sync card says what to do", async () => {
    const shop = "renew-revoked.myshopify.com";
    await installWithToken(shop, { expiresInMs: -60_000 });
    server.answerToken({ status: 400, body: { error: "invalid_grant", error_description: "The refresh token is invalid or has been revoked." } });

    await expect(runStartFullSync(shop)).rejects.toMatchObject({ name: "UnrecoverableError", message: expect.stringMatching(/refused to renew the access token \(HTTP 400\)/) });

    const state = await db().syncState.findUniqueOrThrow({ where: { shop } });
    expect(state).toMatchObject({ status: "failed", errorCount: 1 });
    expect(state.lastError).toMatch(/open the app in the Shopify admin/);
  });

  it("given Shopify's token endpoint fails with a 5xx, then the job is retried (not ended)", async () => {
    const shop = "renew-flaky.myshopify.com";
    await installWithToken(shop, { expiresInMs: -60_000 });
    server.answerToken({ status: 503, body: { errors: "unavailable" } });

    const failure = await runStartFullSync(shop).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).not.toBe("UnrecoverableError");
    expect(await db().syncState.findUnique({ where: { shop } })).toBeNull();
  });

  it("given a shop that never installed the app, then the job ends with the reason on the sync card", async () => {
    const shop = "never-installed.myshopify.com";
    await expect(runStartFullSync(shop)).rejects.toMatchObject({ name: "UnrecoverableError" });
    expect((await db().syncState.findUniqueOrThrow({ where: { shop } })).lastError).toMatch(/no access token for this shop/);
  });
});
