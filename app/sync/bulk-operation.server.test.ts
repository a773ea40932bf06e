import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { adminApiFixture, startAdminApiServer, type AdminApiServer } from "../../harness/admin-api-server";
import { testAdminClient } from "../../test/helpers/admin-graphql-client";
import { fetchFinishedBulkOperation } from "./bulk-operation-finish.server";
import {
  BulkOperationRejectedError,
  CUSTOMERS_WITH_ORDERS_BULK_QUERY,
  fetchBulkOperation,
  ORDER_LINE_ITEMS_BULK_QUERY,
  startBulkQuery,
} from "./bulk-operation.server";

/** Connections (`edges`) in a query and how deeply they nest, from the query text. */
function connectionShape(query: string) {
  let depth = 0;
  let connections = 0;
  let deepest = 0;
  const openEdges: number[] = [];
  for (const token of query.match(/edges\s*\{|\{|\}/g) ?? []) {
    if (token.startsWith("edges")) {
      connections++;
      openEdges.push(depth);
      deepest = Math.max(deepest, openEdges.length);
      depth++;
    } else if (token === "{") depth++;
    else if (--depth === openEdges.at(-1)) openEdges.pop();
  }
  return { connections, deepest };
}

describe("bulk operations", () => {
  let server: AdminApiServer;
  beforeEach(async () => {
    server = await startAdminApiServer();
  });
  afterEach(() => server.close());

  it("given the sync's bulk queries, then each stays within Shopify's limits of 5 connections nested 2 levels deep", () => {
    expect(connectionShape(CUSTOMERS_WITH_ORDERS_BULK_QUERY)).toEqual({ connections: 2, deepest: 2 });
    expect(connectionShape(ORDER_LINE_ITEMS_BULK_QUERY)).toEqual({ connections: 2, deepest: 2 });
  });

  it("given the customers query, then it reads email and phone through their non-deprecated fields", () => {
    expect(CUSTOMERS_WITH_ORDERS_BULK_QUERY).toContain("defaultEmailAddress { emailAddress marketingState marketingUpdatedAt }");
    expect(CUSTOMERS_WITH_ORDERS_BULK_QUERY).not.toMatch(/^\s*(email|phone|emailMarketingConsent|smsMarketingConsent|addresses)\s*$/m);
  });

  it("given Shopify accepts the query, when a bulk query starts, then it runs ungrouped and returns the operation", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: adminApiFixture("bulk-operation-run-query") });

    const operation = await startBulkQuery({ client, query: CUSTOMERS_WITH_ORDERS_BULK_QUERY });

    expect(operation).toEqual({ id: "gid://shopify/BulkOperation/720918", status: "CREATED" });
    const sent = JSON.parse(server.requests[0]?.body ?? "");
    expect(sent.query).toContain("bulkOperationRunQuery(query: $query, groupObjects: false)");
    expect(sent.variables).toEqual({ query: CUSTOMERS_WITH_ORDERS_BULK_QUERY });
  });

  it.each([
    ["bulk-operation-run-query-in-progress", "OPERATION_IN_PROGRESS"],
    ["bulk-operation-run-query-limit-reached", "LIMIT_REACHED"],
  ])("given userErrors (%s), when a bulk query starts, then a retryable %s rejection is thrown", async (fixture, code) => {
    const { client } = testAdminClient(server);
    server.answer({ body: adminApiFixture(fixture) });

    const error = await startBulkQuery({ client, query: CUSTOMERS_WITH_ORDERS_BULK_QUERY }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BulkOperationRejectedError);
    expect(error).toMatchObject({ code, retryable: true });
  });

  it("given an invalid query, when a bulk query starts, then the rejection is not retryable", async () => {
    const { client } = testAdminClient(server);
    server.answer({
      body: { data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ["query"], message: "Queries that contain a connection field within a list field are not currently supported.", code: "INVALID" }] } } },
    });

    const error = await startBulkQuery({ client, query: "{ shop { name } }" }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: "INVALID", retryable: false });
  });

  it("given a completed operation, when it is fetched by id, then counts are numbers and the url is there", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: adminApiFixture("bulk-operation-completed") });

    const operation = await fetchBulkOperation({ client, id: "gid://shopify/BulkOperation/720918" });

    expect(operation).toMatchObject({ status: "COMPLETED", objectCount: 9, rootObjectCount: 4, fileSize: 3416, errorCode: null, partialDataUrl: null });
    expect(operation.url).toMatch(/^https:\/\/storage\.googleapis\.com\//);
    expect(JSON.parse(server.requests[0]?.body ?? "").variables).toEqual({ id: "gid://shopify/BulkOperation/720918" });
  });

  it("given an unknown id, when it is fetched, then a NOT_FOUND AdminApiError is thrown", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: { data: { bulkOperation: null } } });

    await expect(fetchBulkOperation({ client, id: "gid://shopify/BulkOperation/1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("given a bulk_operations/finish webhook, when it is handled, then the operation's result location is fetched", async () => {
    const { client } = testAdminClient(server);
    server.answer({ body: adminApiFixture("bulk-operation-completed") });

    const finished = await fetchFinishedBulkOperation({ client, payload: adminApiFixture("bulk-operations-finish-webhook") });

    expect(finished).toMatchObject({ id: "gid://shopify/BulkOperation/720918", status: "COMPLETED", objectCount: 9, rootObjectCount: 4 });
    expect(finished.url).toBeTruthy();
  });

  it("given a webhook payload with GraphQL-style uppercase values, when it is handled, then it is rejected before any request", async () => {
    const { client } = testAdminClient(server);
    const payload = { ...(adminApiFixture("bulk-operations-finish-webhook") as object), status: "COMPLETED" };

    await expect(fetchFinishedBulkOperation({ client, payload })).rejects.toBeInstanceOf(ZodError);
    expect(server.requests).toHaveLength(0);
  });
});
