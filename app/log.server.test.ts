import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { capturedLog } from "../test/helpers/pii-scan";
import { REDACTED, routeConsoleThroughLog } from "./log.server";

// A customer exactly as Shopify's customers/create webhook delivers it.
const customer = {
  id: 706405506930370000,
  email: "bob.norman@mail.example.com",
  first_name: "Bob",
  last_name: "Norman",
  phone: "+16136120707",
  note: "Call after 5pm",
  default_address: { address1: "Chestnut Street 92", city: "Louisville", zip: "40202", country: "United States" },
  addresses: [{ address1: "Chestnut Street 92", first_name: "Bob" }],
  browser_ip: "203.0.113.7",
};

// Things a log line must carry unchanged to correlate with other lines, traces and Shopify's records.
const IDENTIFIERS = [
  "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
  "12345678-1234-4234-8234-123456789012",
  "gid://shopify/Customer/7064055069303",
  "gid://shopify/BulkOperation/1234567890123",
  "706405506930370000",
  "6136120707",
  "2024-05-01T12:34:56.789Z",
  "2024-05-01 12:34:56",
  "01.05.2024",
  "203.0.113.7",
  "203.0.113.7:443",
  "2001:db8::8a2e:370:7334",
  "1.234.567",
  "at handle (/work/app/sync/bulk-ingest.server.ts:123:45)",
  "at async file:///work/node_modules/@remix-run/server-runtime/dist/server.js:1234:5678",
  "node:internal/process/task_queues:105:5",
  "whsec-2024-0501-1234",
];

const PHONE_NUMBERS = ["+1 613-555-0101", "(613) 555 0101", "+49 30 1234567", "06 12 34 56 78", "555-625-1199", "+44 20 7946 0958", "613.555.0101"];

describe("log redaction", () => {
  it("given a logged customer object, then no personal value reaches the output and ids stay", () => {
    const { log, text } = capturedLog();
    log.info({ webhook: { payload: { customer } } }, "customer received");
    const output = text();
    for (const secret of ["bob.norman", "Bob", "Norman", "6136120707", "Chestnut", "Louisville", "40202", "203.0.113.7", "5pm"]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain(REDACTED);
    expect(output).toContain("706405506930370000");
  });

  it("given an address or phone number inside a message or an error, then it is replaced", () => {
    const { log, text } = capturedLog();
    log.warn("lookup failed for jane@example.org");
    log.error({ err: new Error("duplicate customer +44 20 7946 0958 / jane@example.org") }, "sync failed");
    const output = text();
    expect(output).not.toContain("jane@example.org");
    expect(output).not.toContain("7946");
    expect(output).toContain("lookup failed for [redacted]");
  });

  it("given phone numbers in the formats people write them, then each is replaced in messages and fields", () => {
    const { log, text } = capturedLog();
    for (const phone of PHONE_NUMBERS) {
      log.info({ detail: `customer said call ${phone}.` }, `call ${phone} (mobile)`);
      log.info(`tel:${phone.replace(/\D/g, "").replace(/^/, "+")}`);
    }
    const output = text();
    for (const phone of PHONE_NUMBERS) expect(output).not.toContain(phone);
    expect(output).not.toMatch(/\+\d{7,}/);
  });

  it("given 5,000 random request ids, then every one survives in bindings, id fields and message text", () => {
    const { log, text } = capturedLog();
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    for (const id of ids) log.child({ requestId: id }).info({ jobId: id, detail: `job ${id} queued` }, `request ${id} done`);
    const lines = text().trim().split("\n").map((line) => JSON.parse(line) as Record<string, string>);
    const mangled = lines.filter((line, i) => {
      const id = ids[i];
      return line.requestId !== id || line.jobId !== id || line.detail !== `job ${id} queued` || line.msg !== `request ${id} done`;
    });
    expect(lines).toHaveLength(ids.length);
    expect(mangled).toEqual([]);
  });

  it("given ids, dates, GIDs, IP addresses and stack frames in free text, then they survive unchanged", () => {
    const { log, text } = capturedLog();
    for (const identifier of IDENTIFIERS) log.info({ detail: `seen ${identifier} here` }, `seen ${identifier} here`);
    const lines = text().trim().split("\n").map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines.map((line) => line.msg)).toEqual(IDENTIFIERS.map((identifier) => `seen ${identifier} here`));
    expect(lines.map((line) => line.detail)).toEqual(IDENTIFIERS.map((identifier) => `seen ${identifier} here`));
  });

  it("given an error whose stack runs through scoped packages, then its frames survive and its message is redacted", () => {
    const { log, text } = capturedLog();
    const error = new Error("no customer jane@example.org");
    error.stack = `Error: no customer jane@example.org\n    at handle (/work/node_modules/@remix-run/node/dist/x.js:12:34)`;
    log.error({ err: error }, "failed");
    expect(text()).not.toContain("jane@example.org");
    expect(text()).toContain("/work/node_modules/@remix-run/node/dist/x.js:12:34");
  });

  it("given id-like keys whose values look like phone numbers, then they are kept as they are", () => {
    const { log, text } = capturedLog();
    const ids = { orderId: "1001-2002-3003", operation_id: "+1 555 0100 999", outboxId: "555-625-1199", kekId: "06 12 34 56 78" };
    log.info({ ...ids, nested: { deliveryId: "613.555.0101", customerIds: ["555-625-1199"] } });
    const line = JSON.parse(text()) as Record<string, unknown>;
    expect(line).toMatchObject({ ...ids, nested: { deliveryId: "613.555.0101", customerIds: ["555-625-1199"] } });
  });

  it("given a child logger bound to personal data, then its bindings are redacted like fields", () => {
    const { log, text } = capturedLog();
    log.child({ email: "jane@example.org", shop: "a.myshopify.com", context: "for +1 613-555-0101" }).info("working");
    const output = text();
    expect(output).not.toContain("jane@example.org");
    expect(output).not.toContain("613-555-0101");
    expect(output).toContain("a.myshopify.com");
  });

  it("given framework output on the console, when routed through the log, then addresses are redacted", () => {
    const { log, text } = capturedLog();
    const restore = routeConsoleThroughLog(log);
    try {
      // eslint-disable-next-line no-console -- the framework's own console output is what is tested
      console.warn('No routes matched location "/customers/jane@example.org"');
      console.error("Warning: %s for %o", "bad prop", { email: "x", contact: "bob@mail.example.com" });
      // eslint-disable-next-line no-console -- as above
      console.log("plain", 42);
    } finally {
      restore();
    }
    const lines = text().trim().split("\n").map((line) => JSON.parse(line) as { level: number; msg: string; source: string });
    expect(text()).not.toMatch(/jane@example\.org|bob@mail\.example\.com/);
    expect(lines.map((line) => [line.level, line.source])).toEqual([[40, "console"], [50, "console"], [30, "console"]]);
    expect(lines[2]?.msg).toBe("plain 42");
  });

  it("given session secrets, then they are never logged", () => {
    const { log, text } = capturedLog();
    log.info({ session: { shop: "a.myshopify.com", accessToken: "shpat_123", refreshToken: "shprt_456" } });
    expect(text()).not.toMatch(/shpat_123|shprt_456/);
    expect(text()).toContain("a.myshopify.com");
  });
});
