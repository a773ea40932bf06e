// The app as it runs in production, for benchmarks: a migrated throw-away database, the production
// build served by server.ts (one or more web processes), optionally worker processes, and the bare
// HMAC baseline server.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { deleteRedisKeys } from "../../harness/redis-keys";
import { createTemplateDatabase, dropTemplateDatabase } from "../../harness/test-database";
import { freePort, startProcess, stopProcess } from "./harness";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = ["--import", "tsx"];

export interface AppStack {
  /** The first web process. */
  appUrl: string;
  /** Every web process, as a load balancer would see them. */
  appUrls: string[];
  /** Process ids of the first web process and of the baseline server, for their CPU time. */
  appPid: number;
  baselinePid: number;
  baselineUrl: string;
  env: Record<string, string>;
  secret: string;
  /** Where each app process writes its log (kept after stop, for a run that went wrong). */
  logDir: string;
  stop(): Promise<void>;
}

/**
 * `baseline`: the bare server in bench/baselines/ to measure against (the webhook HMAC one unless
 * named); `databaseUrl` picks the engine (the environment's unless given); `extraEnv`: settings added
 * to every process (e.g. SHOPIFY_ADMIN_API_ORIGIN).
 */
export async function startAppStack({
  webProcesses = 1,
  workerProcesses = 0,
  baseline = "hmac-server.ts",
  databaseUrl = process.env.DATABASE_URL,
  extraEnv = {},
}: { webProcesses?: number; workerProcesses?: number; baseline?: string; databaseUrl?: string; extraEnv?: Record<string, string> } = {}): Promise<AppStack> {
  const database = await createTemplateDatabase(databaseUrl);
  const secret = randomBytes(16).toString("hex");
  const basePort = await freePort();
  const env = {
    NODE_ENV: "production",
    SHOPIFY_API_KEY: "bench",
    SHOPIFY_API_SECRET: secret,
    SHOPIFY_APP_URL: "https://bench.example.com",
    VAULT_MASTER_KEY: randomBytes(32).toString("base64"),
    DATABASE_URL: database.url,
    REDIS_PREFIX: `cvbench${randomBytes(3).toString("hex")}`,
    LOG_LEVEL: "info",
    ...extraEnv,
  };
  const processes: ChildProcess[] = [];
  const appUrls: string[] = [];
  // The app's log lines, for when a bench run goes wrong (one file per process).
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), `${env.REDIS_PREFIX}-logs-`));
  const logOf = (name: string) => path.join(logDir, `${name}.log`);
  for (let index = 0; index < webProcesses; index++) {
    const port = await freePort();
    appUrls.push(`http://127.0.0.1:${port}`);
    processes.push(await startProcess(process.execPath, [...tsx, path.join(root, "server.ts")], { ...env, PORT: String(port) }, `${appUrls[index]}/healthz`, logOf(`web-${index}`)));
  }
  const appUrl = appUrls[0]!;
  const baselineUrl = `http://127.0.0.1:${basePort}`;
  processes.push(await startProcess(process.execPath, [...tsx, path.join(root, "bench/baselines", baseline)], { ...env, PORT: String(basePort) }, `${baselineUrl}/`));
  for (let index = 0; index < workerProcesses; index++) {
    processes.push(await startProcess(process.execPath, [...tsx, path.join(root, "worker.ts")], env, `${appUrl}/healthz`, logOf(`worker-${index}`)));
  }
  return {
    appUrl,
    appUrls,
    appPid: processes[0]!.pid!,
    baselinePid: processes[webProcesses]!.pid!,
    baselineUrl,
    env,
    secret,
    logDir,
    async stop() {
      await Promise.all(processes.map(stopProcess));
      await dropTemplateDatabase(database);
      await deleteRedisKeys(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", env.REDIS_PREFIX);
    },
  };
}
