// The queue suite against a real 3-node Redis Cluster started here: the same tests that prove jobs
// are never lost, run exactly once and are erased with their customer, on a deployment whose keys
// are spread over slots and nodes (REDIS_URL=redis+cluster://…).
import { spawn } from "node:child_process";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { createQueues } from "../app/jobs/queues.server";
import { QUEUE_NAMES } from "../app/jobs/job-definition.server";
import { deleteRedisKeys } from "../harness/redis-keys";
import { startRedisCluster, type RedisCluster } from "../harness/redis-cluster";

const root = path.resolve(import.meta.dirname, "..");

/** Test files whose subject is the queues: outbox, relay, workers, retries, erasure of queued work. */
const QUEUE_SUITE = [
  "app/jobs/jobs.test.ts",
  "test/outbox.reliability.test.ts",
  "test/compliance.processing.test.ts",
  "test/compliance.worker-killed.test.ts",
  "test/consent.receipts.test.ts",
  "test/sync.webhooks.test.ts",
  "app/vault/key-rotation.test.ts",
];

let cluster: RedisCluster;
beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 60_000);
afterAll(() => cluster?.stop());

/** How many keys matching `pattern` each node holds, asked of each node directly. */
function keysOnEachNode(pattern: string): Promise<number[]> {
  return Promise.all(
    cluster.ports.map(async (port) => {
      const node = new Redis({ port, host: "127.0.0.1" });
      try {
        return (await node.keys(pattern)).length;
      } finally {
        node.disconnect();
      }
    }),
  );
}

function runVitest(files: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  // The child is a test run of its own: none of this file's per-run settings leak into it.
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(inherited)) if (name.startsWith("VITEST") || name === "REDIS_PREFIX") delete inherited[name];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", ...files], {
      cwd: root,
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("queues on a Redis Cluster", () => {
  it("given a 3-node cluster, when jobs of every queue are added, then their keys are spread over more than one node and can be removed", async () => {
    const prefix = config().REDIS_PREFIX;
    const queues = createQueues({ redisUrl: cluster.address, prefix });
    try {
      for (const name of QUEUE_NAMES) await (await queues.get(name)).add("probe", { shop: "probe.myshopify.com" });
      const keysPerNode = await keysOnEachNode(`${prefix}:*`);
      expect(keysPerNode.filter((count) => count > 0).length).toBeGreaterThan(1);
      await deleteRedisKeys(cluster.address, prefix);
      expect(await keysOnEachNode(`${prefix}:*`)).toEqual(cluster.ports.map(() => 0));
    } finally {
      await queues.close();
    }
  });

  it("given the cluster as REDIS_URL, when the queue suite runs, then every test passes", async () => {
    const { code, output } = await runVitest(QUEUE_SUITE, { REDIS_URL: cluster.address });
    // The child's summary (and failures) are the useful part when it does not pass.
    expect(code, output.slice(-6_000)).toBe(0);
    expect(output).toMatch(new RegExp(`Test Files\\s+.*${QUEUE_SUITE.length} passed`));
  }, 600_000);
});
