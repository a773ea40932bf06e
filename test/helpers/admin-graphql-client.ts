// A client wired to the local Admin API server with a fake clock: `sleep` records the wait and moves
// the clock, so tests assert on the waits the client chose instead of on wall-clock time.
import { createAdminGraphqlClient, type AdminGraphqlClientOptions } from "../../app/sync/admin-graphql.server";
import { createThrottleBuckets } from "../../app/sync/throttle-buckets.server";
import type { AdminApiServer } from "../../harness/admin-api-server";

export const TEST_SHOP = "consent-vault-test.myshopify.com";
export const TEST_ACCESS_TOKEN = "shpat_test_token";

export function testAdminClient(server: AdminApiServer, overrides: Partial<AdminGraphqlClientOptions> = {}) {
  let clock = 1_000_000;
  const sleeps: number[] = [];
  const client = createAdminGraphqlClient({
    shop: TEST_SHOP,
    accessToken: TEST_ACCESS_TOKEN,
    apiVersion: "2026-10",
    baseUrl: server.url,
    buckets: createThrottleBuckets(),
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...overrides,
  });
  return { client, sleeps };
}
