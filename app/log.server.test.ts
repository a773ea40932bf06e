import { describe, expect, it } from "vitest";
import { capturedLog } from "../test/helpers/pii-scan";
import { REDACTED } from "./log.server";

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

  it("given session secrets, then they are never logged", () => {
    const { log, text } = capturedLog();
    log.info({ session: { shop: "a.myshopify.com", accessToken: "shpat_123", refreshToken: "shprt_456" } });
    expect(text()).not.toMatch(/shpat_123|shprt_456/);
    expect(text()).toContain("a.myshopify.com");
  });
});
