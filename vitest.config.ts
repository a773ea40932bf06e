import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["app/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}", "scripts/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-file.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The app's settings as Shopify's own test helpers sign requests with them. DATABASE_URL and
    // REDIS_PREFIX are set per test file by test/setup-file.ts.
    env: {
      NODE_ENV: "test",
      SHOPIFY_API_KEY: "testApiKey",
      SHOPIFY_API_SECRET: "testApiSecretKey",
      SHOPIFY_APP_URL: "https://my-test-app.myshopify.io",
      VAULT_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
      // No test reaches Shopify: one that wants answers points this at its local Admin API server;
      // for the rest, what a page asks Shopify is refused at once (port 9 has no listener here).
      SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:9",
      // Error lines only: a test fails on one it did not expect (test/helpers/error-logs.ts).
      LOG_LEVEL: "error",
    },
  },
});
