// The app the demo fills: the one already answering at the configured port (`npm start` in another
// terminal), or else `npm start`'s process tree started here, its log in .data/demo-app.log, and
// stopped with the demo.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");
// A first start builds the web app, which takes a while on a small machine.
const START_TIMEOUT_MS = 300_000;

export interface DemoApp {
  url: string;
  /** Whether the demo started it (and stops it). */
  started: boolean;
  stop(): Promise<void>;
}

const answers = async (url: string) => (await fetch(`${url}/healthz`).catch(() => null))?.status === 200;

/** `env` is added to the environment of an app started here; an app already running keeps its own. */
export async function ensureDemoApp({ port, env = {}, log }: { port: number; env?: Record<string, string>; log: (line: string) => void }): Promise<DemoApp> {
  const url = `http://127.0.0.1:${port}`;
  if (await answers(url)) return { url, started: false, stop: async () => {} };
  const logFile = path.join(ROOT, ".data", "demo-app.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const output = fs.openSync(logFile, "a");
  log(`No app answers at ${url}: starting it as npm start does (log: ${path.relative(ROOT, logFile)})`);
  // A process group of its own, so stopping it reaches the web server, the worker and a private Redis.
  const tree = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { cwd: ROOT, detached: true, stdio: ["ignore", output, output], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => tree.once("exit", () => resolve()));
  const stop = async () => {
    if (tree.exitCode !== null || tree.signalCode !== null) return;
    process.kill(-tree.pid!, "SIGTERM");
    await exited;
  };
  const giveUpAt = Date.now() + START_TIMEOUT_MS;
  while (!(await answers(url))) {
    if (tree.exitCode !== null || Date.now() > giveUpAt) {
      await stop();
      throw new Error(`the app did not come up at ${url}; see ${path.relative(ROOT, logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return { url, started: true, stop };
}
