// A real Redis Cluster of a few primaries on this machine, for tests and benchmarks that must prove
// the queues work when keys are spread over slots and nodes. Needs redis-server and redis-cli.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { redisAnswers } from "../app/jobs/redis.server";
import { freePort } from "./free-port";

export interface RedisCluster {
  /** The app's address for it: `redis+cluster://127.0.0.1:<port>,…`. */
  address: string;
  ports: number[];
  stop(): Promise<void>;
}

async function clusterReady(port: number): Promise<boolean> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  try {
    await client.connect();
    const info = (await client.cluster("INFO")) as string;
    return info.includes("cluster_state:ok") && info.includes("cluster_slots_assigned:16384");
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Redis Cluster: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `primaries` cluster-enabled redis-servers, joins them with `redis-cli --cluster create`. */
export async function startRedisCluster(primaries = 3): Promise<RedisCluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cv-redis-cluster-"));
  const servers: ChildProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(
      servers.map((server) => new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once("exit", () => resolve());
        server.kill("SIGTERM");
      })),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let index = 0; index < primaries; index++) {
      // The bus port is chosen too: the default (port + 10000) may not exist for a high port.
      const [port, busPort] = [await freePort(), await freePort()];
      const nodeDir = path.join(dir, String(port));
      fs.mkdirSync(nodeDir);
      const server = spawn(
        "redis-server",
        ["--port", String(port), "--cluster-port", String(busPort), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
          "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--dir", nodeDir, "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      servers.push(server);
      ports.push(port);
    }
    for (const port of ports) await until(() => redisAnswers(`redis://127.0.0.1:${port}`), `node ${port} to answer`);
    const create = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((port) => `127.0.0.1:${port}`), "--cluster-replicas", "0", "--cluster-yes"], { encoding: "utf8" });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const port of ports) await until(() => clusterReady(port), `node ${port} to see every slot served`);
    return { address: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(",")}`, ports, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
