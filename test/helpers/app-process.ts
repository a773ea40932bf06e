// The app as it runs in production: a real child process (web server or `npm start`) on a free port,
// reached over real HTTP. The web server serves the production build, built here when it is stale.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureWebBuild } from "../../scripts/lib/web-build";
import { freePort } from "../../harness/free-port";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface AppProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Starts `entry` (server.ts or scripts/start.ts; with `dev`, on Vite) and waits until its /healthz answers. */
export async function startApp(
  entry: "server.ts" | "scripts/start.ts",
  env: Record<string, string> = {},
  { dev = false }: { dev?: boolean } = {},
): Promise<AppProcess> {
  if (!dev) ensureWebBuild(ROOT, { log: () => {} });
  // A caller that must know the address before the app starts (a stand-in calling back) passes PORT.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...(dev ? ["--dev"] : [])], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const giveUpAt = Date.now() + 90_000;
  while ((await fetch(`${url}/healthz`).catch(() => null))?.status !== 200) {
    if (child.exitCode !== null || Date.now() > giveUpAt) {
      child.kill("SIGKILL");
      throw new Error(`${entry} did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** The highest resident memory the process has had so far (Linux: VmHWM), in bytes. */
export function peakRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kilobytes) throw new Error(`no VmHWM for process ${pid}`);
  return Number(kilobytes) * 1024;
}
