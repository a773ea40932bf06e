import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { adminApiJsonlFixture, startAdminApiServer, type AdminApiServer } from "../../harness/admin-api-server";
import { customersWithOrdersLines, fakeCustomer } from "../../harness/bulk-jsonl-fixture";
import { capturedLog } from "../../test/helpers/pii-scan";
import { readCustomersWithOrders, readOrdersWithLineItems, type MalformedLine } from "./bulk-jsonl.server";

async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of records) out.push(record);
  return out;
}

describe("bulk JSONL reader", () => {
  let server: AdminApiServer;
  beforeEach(async () => {
    server = await startAdminApiServer();
  });
  afterEach(() => server.close());

  it("given Shopify's customers-with-orders result, when it is read, then every customer comes with its own orders and the last line it covers", async () => {
    const url = server.serveJsonl("customers", () => adminApiJsonlFixture("customers-with-orders"));

    const records = await collect(readCustomersWithOrders({ url }).records);

    expect(records.map((record) => [record.customer.legacyResourceId, record.orders.map((order) => order.legacyResourceId), record.line])).toEqual([
      ["7001", ["9101", "9102"], 3],
      ["7002", ["9201"], 5],
      ["7003", [], 6],
      ["7004", ["9401", "9402"], 9],
    ]);
    // Protected fields the app may not read arrive as nulls and are kept as such.
    expect(records[1]?.customer).toMatchObject({ firstName: null, defaultEmailAddress: null, defaultAddress: null });
  });

  it("given an ingest that stopped after a record, when it restarts after that record's line, then it continues with the next customer", async () => {
    const url = server.serveJsonl("customers", () => adminApiJsonlFixture("customers-with-orders"));

    const reader = readCustomersWithOrders({ url, startAfterLine: 5 });
    const records = await collect(reader.records);

    expect(records.map((record) => record.customer.legacyResourceId)).toEqual(["7003", "7004"]);
    expect(reader.progress()).toEqual({ linesRead: 9, recordsEmitted: 2, malformedLines: 0 });
  });

  it("given malformed lines, when the result is read, then each is reported by line number and reason, without its content, and skipped", async () => {
    const [first, order1, order2, ...rest] = adminApiJsonlFixture("customers-with-orders");
    const brokenCustomer = JSON.stringify({ ...fakeCustomer(1), id: undefined });
    const orphanOrder = JSON.stringify({ id: "gid://shopify/Order/1", legacyResourceId: "1", processedAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", totalPriceSet: { shopMoney: { amount: "1.00", currencyCode: "USD" } }, displayFinancialStatus: null, __parentId: "gid://shopify/Customer/1000001" });
    const lines = [first, order1, '{"id":"gid://shopify/Order/9', order2, brokenCustomer, orphanOrder, ...rest] as string[];
    const url = server.serveJsonl("broken", () => lines);
    const problems: MalformedLine[] = [];
    const { log, text } = capturedLog();

    const reader = readCustomersWithOrders({ url, onMalformedLine: (problem) => problems.push(problem), log });
    const records = await collect(reader.records);

    expect(problems).toEqual([
      { line: 3, reason: "not valid JSON" },
      { line: 5, reason: "parent fails validation (id: invalid_type)" },
      { line: 6, reason: "child line does not follow its parent" },
    ]);
    expect(records.map((record) => [record.customer.legacyResourceId, record.orders.length])).toEqual([["7001", 2], ["7002", 1], ["7003", 0], ["7004", 2]]);
    expect(reader.progress().malformedLines).toBe(3);
    expect(text()).toContain("skipping malformed bulk result line");
    expect(text()).not.toMatch(/@example\.com|Chestnut|\+1613555/);
  });

  it("given thousands of parents, when the result is read, then every order stays with the customer it belongs to", async () => {
    const url = server.serveJsonl("many", () => customersWithOrdersLines({ customers: 2_000, ordersPerCustomer: 3 }));

    const records = await collect(readCustomersWithOrders({ url }).records);

    expect(records).toHaveLength(2_000);
    for (const record of records) {
      expect(record.orders).toHaveLength(3);
      expect(record.orders.every((order) => order.__parentId === record.customer.id)).toBe(true);
    }
    expect(records.at(-1)?.line).toBe(8_000);
  });

  it("given a large result (20,000 customers), when it is read, then records arrive while the server is still sending and all of them come through", async () => {
    const url = server.serveJsonl("large", () => customersWithOrdersLines({ customers: 20_000, ordersPerCustomer: 2 }));
    const reader = readCustomersWithOrders({ url });

    const first = await reader.records.next();
    const whenFirstArrived = { ...server.download("large") };
    let count = first.done ? 0 : 1;
    for await (const record of reader.records) count += record.orders.length === 2 ? 1 : 0;

    expect(first.value?.customer.legacyResourceId).toBe("1000000");
    // Streaming, not buffering: the file was far from sent when the first record was handed over.
    expect(whenFirstArrived.finished).toBe(false);
    expect(whenFirstArrived.bytesSent).toBeLessThan(server.download("large").bytesSent / 4);
    expect(count).toBe(20_000);
    expect(reader.progress()).toMatchObject({ linesRead: 60_000, recordsEmitted: 20_000, malformedLines: 0 });
  });

  it("given a consumer that stops early, when it breaks out of the loop, then the download is abandoned", async () => {
    const url = server.serveJsonl("abandoned", () => customersWithOrdersLines({ customers: 20_000, ordersPerCustomer: 2 }));

    for await (const record of readCustomersWithOrders({ url }).records) {
      expect(record.customer.legacyResourceId).toBe("1000000");
      break;
    }

    await expect.poll(() => server.download("abandoned").abandoned).toBe(true);
    expect(server.download("abandoned").finished).toBe(false);
  });

  it("given an expired result URL, when it is read, then an HTTP_ERROR with the status is thrown", async () => {
    await expect(collect(readCustomersWithOrders({ url: `${server.url}/jsonl/expired` }).records)).rejects.toMatchObject({ code: "HTTP_ERROR", status: 404 });
  });

  it("given the orders-with-line-items result, when it is read, then line items come with their order", async () => {
    const url = server.serveJsonl("line-items", () => adminApiJsonlFixture("orders-with-line-items"));

    const records = await collect(readOrdersWithLineItems({ url }).records);

    expect(records.map((record) => [record.order.id, record.order.customer?.id ?? null, record.lineItems.map((item) => item.quantity)])).toEqual([
      ["gid://shopify/Order/9101", "gid://shopify/Customer/7001", [2]],
      ["gid://shopify/Order/9201", null, [1]],
    ]);
  });
});
