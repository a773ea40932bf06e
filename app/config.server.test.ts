import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.server";

const VALID = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://app.example.com",
  VAULT_MASTER_KEY: Buffer.alloc(32, 1).toString("base64"),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected the configuration to be rejected");
}

describe("configuration", () => {
  it("given only the required settings, then everything else has its documented default", () => {
    const settings = loadConfig(VALID);
    expect(settings.PORT).toBe(3000);
    expect(settings.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(settings.SCOPES).toEqual(["read_customers", "write_customers", "read_orders", "read_products", "write_products", "write_app_proxy", "read_themes", "write_customer_data_erasure", "read_privacy_settings", "write_privacy_settings"]);
    expect(settings.database.provider).toBe("sqlite");
    expect(settings.database.url).toMatch(/^file:\/.*\.data\/consent-vault\.db$/);
  });

  it("given a postgresql URL, then the PostgreSQL engine is picked", () => {
    const settings = loadConfig({ ...VALID, DATABASE_URL: "postgresql://u:p@db:5432/cv" });
    expect(settings.database).toEqual({ provider: "postgresql", url: "postgresql://u:p@db:5432/cv" });
  });

  it("given only the required settings, then the web server binds to loopback with bounded bodies, timeouts and connections", () => {
    const settings = loadConfig(VALID);
    expect(settings.HOST).toBe("127.0.0.1");
    expect(settings.WEBHOOK_BODY_LIMIT_BYTES).toBe(2 * 1024 * 1024);
    expect(settings.PROXY_BODY_LIMIT_BYTES).toBe(64 * 1024);
    expect(settings.HTTP_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(settings.HTTP_REQUEST_TIMEOUT_MS).toBe(30_000);
    expect(settings.HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(5_000);
    expect(settings.HTTP_MAX_CONNECTIONS).toBe(1_024);
  });

  it("given a header timeout longer than the request timeout or a limit that is not a number, then each is reported", () => {
    expect(problemsOf({ ...VALID, HTTP_HEADERS_TIMEOUT_MS: "60000", HTTP_REQUEST_TIMEOUT_MS: "30000" })).toEqual([
      expect.stringMatching(/^HTTP_HEADERS_TIMEOUT_MS must not be longer than HTTP_REQUEST_TIMEOUT_MS/),
    ]);
    expect(problemsOf({ ...VALID, WEBHOOK_BODY_LIMIT_BYTES: "2MB", HOST: "0.0.0.0; rm" })).toEqual([
      expect.stringMatching(/^HOST must be an interface address/),
      expect.stringMatching(/^WEBHOOK_BODY_LIMIT_BYTES must be a number of bytes/),
    ]);
  });

  it("given an Admin API proxy origin, then it is kept as an origin, and one with a path is refused", () => {
    expect(loadConfig(VALID).SHOPIFY_ADMIN_API_ORIGIN).toBeUndefined();
    expect(loadConfig({ ...VALID, SHOPIFY_ADMIN_API_ORIGIN: "https://admin-proxy.internal:8443/" }).SHOPIFY_ADMIN_API_ORIGIN).toBe("https://admin-proxy.internal:8443");
    expect(problemsOf({ ...VALID, SHOPIFY_ADMIN_API_ORIGIN: "https://admin-proxy.internal/admin" })).toEqual([
      "SHOPIFY_ADMIN_API_ORIGIN must be an origin without a path, e.g. https://admin-proxy.internal",
    ]);
  });

  it("given a consent receipt retention, then whole days from 30 to 3650 are kept and anything else is refused by name", () => {
    expect(loadConfig(VALID).CONSENT_RECEIPT_RETENTION_DAYS).toBe(395);
    expect(loadConfig({ ...VALID, CONSENT_RECEIPT_RETENTION_DAYS: "180" }).CONSENT_RECEIPT_RETENTION_DAYS).toBe(180);
    expect(problemsOf({ ...VALID, CONSENT_RECEIPT_RETENTION_DAYS: "13 months" })).toEqual([expect.stringMatching(/^CONSENT_RECEIPT_RETENTION_DAYS must be a whole number of days/)]);
    expect(problemsOf({ ...VALID, CONSENT_RECEIPT_RETENTION_DAYS: "7" })).toEqual([expect.stringMatching(/^CONSENT_RECEIPT_RETENTION_DAYS must be at least 30 days/)]);
  });

  it("given nothing, then every missing variable is named with how to fix it", () => {
    const problems = problemsOf({});
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SHOPIFY_API_KEY .*Partner Dashboard/),
        expect.stringMatching(/^SHOPIFY_API_SECRET .*Partner Dashboard/),
        expect.stringMatching(/^SHOPIFY_APP_URL /),
        expect.stringMatching(/^VAULT_MASTER_KEY .*openssl rand -base64 32/),
      ]),
    );
  });

  it("given a vault key of the wrong length, a bad port, a MySQL URL and a non-Redis URL, then each is reported", () => {
    const problems = problemsOf({
      ...VALID,
      VAULT_MASTER_KEY: Buffer.alloc(16).toString("base64"),
      PORT: "http",
      REDIS_URL: "http://cache:6379",
    });
    expect(problems).toEqual([
      expect.stringMatching(/^PORT /),
      expect.stringMatching(/^REDIS_URL must be a redis:\/\//),
      expect.stringMatching(/^VAULT_MASTER_KEY must be exactly 32 bytes/),
    ]);
    expect(problemsOf({ ...VALID, DATABASE_URL: "mysql://db/cv" })).toEqual([
      expect.stringMatching(/^DATABASE_URL must be a SQLite "file:" URL or a "postgresql:\/\/" URL/),
    ]);
  });

  it("given previous vault master keys, then each must be a 32-byte base64 key", () => {
    const old = [Buffer.alloc(32, 2), Buffer.alloc(32, 3)].map((key) => key.toString("base64"));
    expect(loadConfig(VALID).VAULT_PREVIOUS_MASTER_KEYS).toEqual([]);
    expect(loadConfig({ ...VALID, VAULT_PREVIOUS_MASTER_KEYS: ` ${old[0]}, ${old[1]} ` }).VAULT_PREVIOUS_MASTER_KEYS).toEqual(old);
    expect(problemsOf({ ...VALID, VAULT_PREVIOUS_MASTER_KEYS: `${old[0]},short` })).toEqual([
      expect.stringMatching(/^VAULT_PREVIOUS_MASTER_KEYS must be a comma-separated list of 32-byte base64 keys/),
    ]);
  });

  it("given a variable both in the environment and in .env, then the environment wins", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-env-"));
    fs.writeFileSync(path.join(dir, ".env"), "PORT=1111\nLOG_LEVEL=debug\n");
    const loader = path.resolve("scripts/lib/load-env.mjs");
    const output = execFileSync(
      process.execPath,
      ["--input-type=module", "-e", `await import(${JSON.stringify(loader)}); console.log(process.env.PORT, process.env.LOG_LEVEL)`],
      { cwd: dir, env: { ...process.env, PORT: "2222", LOG_LEVEL: undefined }, encoding: "utf8" },
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(output.trim()).toBe("2222 debug");
  });
});
