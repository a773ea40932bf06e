// `npm start`: the web server and the workers as one process tree. When no Redis answers at
// REDIS_URL and redis-server is installed, a private one is started with its data under .data/.
import "./lib/load-env.mjs";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { redisAnswers } from "../app/jobs/redis.server";

const root = path.resolve(import.meta.dirname, "..");
const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const children: ChildProcess[] = [];

async function ensureRedis() {
  if (await redisAnswers(redisUrl.href)) return;
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
  const redis = spawn(
    "redis-server",
    ["--port", redisUrl.port || "6379", "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--save", ""],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  children.push(redis);
  for (let tries = 0; tries < 50; tries++) {
    if (await redisAnswers(redisUrl.href)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.error("[start] the private redis-server did not come up");
  stop(1);
}

function stop(code: number) {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 100).unref();
  const wait = children.map((child) => new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null))));
  void Promise.all(wait).then(() => process.exit(code));
}

await ensureRedis();
for (const entry of ["server.ts", "worker.ts"]) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: root, stdio: "inherit" });
  child.once("exit", (code) => {
    console.log(`[start] ${entry} exited (${code ?? "signal"}); stopping the rest`);
    stop(code ?? 1);
  });
  children.push(child);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop(0));
