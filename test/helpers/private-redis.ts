// A Redis server of the test's own, which the test may stop and start again: the only honest way
// to show what the app does when Redis goes away mid-flight.
import { spawn, type ChildProcess } from "node:child_process";
import { redisAnswers } from "../../app/jobs/redis.server";
import { freePort } from "../../harness/free-port";

export async function startPrivateRedis() {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const start = async () => {
    server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    for (let tries = 0; tries < 100 && !(await redisAnswers(url)); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const stop = async () => {
    if (!server || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url, start, stop };
}
