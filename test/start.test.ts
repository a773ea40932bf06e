// `npm start` after the set-up: the process tree (web + worker) comes up, answers its health checks,
// and goes down cleanly on SIGTERM.
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../harness/free-port";

const root = path.resolve(import.meta.dirname, "..");

describe("npm start", () => {
  it("given a set-up project, when started, then /healthz and /readyz answer 200 and SIGTERM stops web and worker", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      cwd: root,
      env: { ...process.env, PORT: String(port), NODE_ENV: "development", LOG_LEVEL: "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.status, { timeout: 60_000, interval: 250 })
        .toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      await expect.poll(() => output, { timeout: 30_000 }).toContain("worker started");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(output).toContain("worker stopping");
  }, 120_000);
});
