import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { adminApiFixture, startAdminApiServer, type AdminApiServer } from "../../harness/admin-api-server";
import { TEST_ACCESS_TOKEN, testAdminClient } from "../../test/helpers/admin-graphql-client";
import { AdminApiError } from "./admin-api-error.server";

const SHOP_QUERY = "{ shop { name } }";
const shopData = z.object({ shop: z.object({ name: z.string() }) });

function shopAnswer(cost: { requested: number; available: number; restoreRate?: number }) {
  return {
    body: {
      data: { shop: { name: "Consent Vault Test" } },
      extensions: {
        cost: {
          requestedQueryCost: cost.requested,
          actualQueryCost: cost.requested,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: cost.available, restoreRate: cost.restoreRate ?? 100 },
        },
      },
    },
  };
}

async function thrown(promise: Promise<unknown>): Promise<AdminApiError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(AdminApiError);
  return error as AdminApiError;
}

describe("Admin GraphQL client", () => {
  let server: AdminApiServer;
  beforeEach(async () => {
    server = await startAdminApiServer();
  });
  afterEach(() => server.close());

  it("given a plain answer, when a query runs, then it posts to the versioned endpoint with the access token and returns validated data", async () => {
    const { client, sleeps } = testAdminClient(server);
    server.answer(shopAnswer({ requested: 1, available: 1999 }));

    const result = await client.request({ query: SHOP_QUERY, data: shopData });

    expect(result).toEqual({ data: { shop: { name: "Consent Vault Test" } }, errors: [] });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", path: "/admin/api/2026-10/graphql.json" });
    expect(server.requests[0]?.headers["x-shopify-access-token"]).toBe(TEST_ACCESS_TOKEN);
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({ query: SHOP_QUERY });
    expect(sleeps).toEqual([]);
  });

  it("given the last answer left fewer points than the query costs, when it runs again, then the client first waits for the bucket to refill", async () => {
    const { client, sleeps } = testAdminClient(server);
    server.answer(shopAnswer({ requested: 500, available: 100, restoreRate: 100 }), shopAnswer({ requested: 500, available: 1500 }));

    await client.request({ query: SHOP_QUERY, data: shopData });
    await client.request({ query: SHOP_QUERY, data: shopData });

    // 400 points short at 100 points/s.
    expect(sleeps).toEqual([4_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("given a THROTTLED answer with a throttle status, when the query runs, then the client waits exactly until the cost fits and retries", async () => {
    const { client, sleeps } = testAdminClient(server);
    server.answer({ body: adminApiFixture("throttled") }, shopAnswer({ requested: 752, available: 1248 }));

    const result = await client.request({ query: SHOP_QUERY, data: shopData });

    expect(result.data.shop.name).toBe("Consent Vault Test");
    // 752 requested, 52 available, 100 restored per second.
    expect(sleeps).toEqual([7_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("given Shopify keeps throttling, when the retries run out, then a THROTTLED AdminApiError is thrown", async () => {
    const { client } = testAdminClient(server, { maxThrottleRetries: 2 });
    server.answer(...Array.from({ length: 3 }, () => ({ body: adminApiFixture("throttled") })));

    const error = await thrown(client.request({ query: SHOP_QUERY, data: shopData }));

    expect(error.code).toBe("THROTTLED");
    expect(error.transient).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  it("given a 429 with Retry-After, when the query runs, then the client waits that long and retries", async () => {
    const { client, sleeps } = testAdminClient(server);
    server.answer({ status: 429, headers: { "Retry-After": "2.0" }, body: { errors: "Exceeded 2 calls per second for api client." } }, shopAnswer({ requested: 1, available: 1999 }));

    await client.request({ query: SHOP_QUERY, data: shopData });

    expect(sleeps).toEqual([2_000]);
    expect(server.requests).toHaveLength(2);
  });

  it("given two 5xx answers, when the query runs, then the client backs off exponentially and succeeds on the third try", async () => {
    const { client, sleeps } = testAdminClient(server);
    server.answer({ status: 500, body: "Internal Server Error" }, { status: 503, body: "" }, shopAnswer({ requested: 1, available: 1999 }));

    const result = await client.request({ query: SHOP_QUERY, data: shopData });

    expect(result.data.shop.name).toBe("Consent Vault Test");
    expect(sleeps).toEqual([500, 1_000]);
  });

  it("given 5xx answers beyond the retry limit, when the query runs, then a SERVER_ERROR carries the status", async () => {
    const { client } = testAdminClient(server, { maxServerErrorRetries: 1 });
    server.answer({ status: 502, body: "" }, { status: 502, body: "" });

    const error = await thrown(client.request({ query: SHOP_QUERY, data: shopData }));

    expect(error).toMatchObject({ code: "SERVER_ERROR", status: 502 });
    expect(server.requests).toHaveLength(2);
  });

  it("given a revoked token (401), when the query runs, then an HTTP_ERROR is thrown without retrying", async () => {
    const { client } = testAdminClient(server);
    server.answer({ status: 401, body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" } });

    const error = await thrown(client.request({ query: SHOP_QUERY, data: shopData }));

    expect(error).toMatchObject({ code: "HTTP_ERROR", status: 401, transient: false });
    expect(server.requests).toHaveLength(1);
  });

  it("given fields the app is not approved for, when the query runs, then the nulls come back with structured warnings instead of an error", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: adminApiFixture("customer-protected-fields") });
    const customerData = z.object({
      customer: z.object({
        id: z.string(),
        defaultEmailAddress: z.object({ emailAddress: z.string() }).nullable(),
        defaultPhoneNumber: z.object({ phoneNumber: z.string() }).nullable(),
      }),
    });

    const result = await client.request({ query: "{ customer(id: $id) { id } }", data: customerData });

    expect(result.data.customer.defaultPhoneNumber).toBeNull();
    expect(result.errors).toEqual([
      { path: ["customer", "defaultPhoneNumber"], message: expect.stringMatching(/not approved to access the Customer object/) },
    ]);
  });

  it("given the whole object is denied (ACCESS_DENIED, no data), when the query runs, then a GRAPHQL_ERROR names the code", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: adminApiFixture("customer-access-denied") });

    const error = await thrown(client.request({ query: "{ customer(id: $id) { id } }", data: z.object({ customer: z.null() }) }));

    expect(error).toMatchObject({ code: "GRAPHQL_ERROR", graphqlCodes: ["ACCESS_DENIED"] });
  });

  it("given data of another shape than asked for, when the query runs, then INVALID_RESPONSE names the path but not the value", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: { data: { shop: { name: 42 } } } });

    const error = await thrown(client.request({ query: SHOP_QUERY, data: shopData }));

    expect(error.code).toBe("INVALID_RESPONSE");
    expect(error.message).toContain("shop.name");
    expect(error.message).not.toContain("42");
  });

  it("given Shopify does not answer in time, when the query runs, then a TIMEOUT is thrown", async () => {
    const { client } = testAdminClient(server, { timeoutMs: 50 });
    server.answer({ delayMs: 2_000, ...shopAnswer({ requested: 1, available: 1999 }) });

    const error = await thrown(client.request({ query: SHOP_QUERY, data: shopData }));

    expect(error.code).toBe("TIMEOUT");
  });
});
