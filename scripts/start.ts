// `npm start`: the web server (serving the production build, rebuilt when the sources changed) and the
// workers as one supervised process tree. A child that dies is restarted with backoff while the other
// keeps serving; SIGINT/SIGTERM stop everything. `--dev` (`npm run dev`, through the Shopify CLI)
// runs the web server on Vite with hot reload instead of the build. When no Redis answers at
// REDIS_URL and redis-server is installed, a private one is started with its data under .data/.
import "./lib/load-env.mjs";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isClusterAddress, redisAnswers } from "../app/jobs/redis.server";
import { ensureWebBuild } from "./lib/web-build";

const root = path.resolve(import.meta.dirname, "..");
const development = process.argv.includes("--dev");
const redisAddress = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const children = new Set<ChildProcess>();
let stopping = false;

// Restart delays double from the first to the last; a child that stayed up this long starts over.
const FIRST_RESTART_MS = 500;
const LAST_RESTART_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

async function ensureRedis() {
  if (await redisAnswers(redisAddress)) return;
  if (isClusterAddress(redisAddress)) {
    console.error(`No node of the Redis Cluster at ${redisAddress.replace(/\/\/[^@]*@/, "//")} answers. Start the cluster or correct REDIS_URL.`);
    process.exit(1);
  }
  const redisUrl = new URL(redisAddress);
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(redisUrl.hostname);
  const installed = spawnSync("redis-server", ["--version"]).status === 0;
  if (!local || !installed) {
    console.error(
      `No Redis answers at ${redisUrl.host}. Start one (Debian/Ubuntu: apt-get install redis-server; ` +
        `macOS: brew install redis && brew services start redis) or point REDIS_URL at a running Redis.`,
    );
    process.exit(1);
  }
  const dir = path.join(root, ".data", "redis");
  fs.mkdirSync(dir, { recursive: true });
  console.log(`[start] no Redis at ${redisUrl.host}; starting a private redis-server (data in .data/redis)`);
  supervise("redis-server", "redis-server", ["--port", redisUrl.port || "6379", "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""]);
  for (let tries = 0; tries < 50; tries++) {
    if (await redisAnswers(redisAddress)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.error("[start] the private redis-server did not come up");
  stop(1);
}

/** Runs `command` until the tree stops, restarting it with backoff whenever it exits. */
function supervise(name: string, command: string, args: string[]) {
  let delay = FIRST_RESTART_MS;
  const launch = () => {
    const startedAt = Date.now();
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
    children.add(child);
    console.log(`[start] ${name} started (pid ${child.pid})`);
    child.once("exit", (code, signal) => {
      children.delete(child);
      if (stopping) return;
      if (Date.now() - startedAt >= STABLE_AFTER_MS) delay = FIRST_RESTART_MS;
      console.error(`[start] ${name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`);
      setTimeout(launch, delay);
      delay = Math.min(delay * 2, LAST_RESTART_MS);
    });
  };
  launch();
}

function stop(code: number) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  const exited = [...children].map((child) => new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null))));
  void Promise.all(exited).then(() => process.exit(code));
  // The worker finishes its active jobs for up to 25 s; never wait longer than that and a margin.
  setTimeout(() => process.exit(code), 30_000).unref();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop(0));
if (!development) ensureWebBuild(root);
await ensureRedis();
supervise("web", process.execPath, ["--import", "tsx", "server.ts", ...(development ? ["--dev"] : [])]);
supervise("worker", process.execPath, ["--import", "tsx", "worker.ts"]);
