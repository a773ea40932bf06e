// Real worker processes (worker.ts) for tests that kill one mid-job: a short job lock so another worker
// takes a killed one's job over quickly, one job at a time so the job caught is the one under test.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopWorkerProcess(child, "SIGTERM")));
});

export function startWorkerProcess(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker.ts"], {
    cwd: root,
    env: { ...process.env, JOB_LOCK_MS: "2000", WORKER_CONCURRENCY: "1" },
    stdio: "ignore",
  });
  children.push(child);
  return child;
}

export async function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}
