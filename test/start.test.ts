// `npm start` after the set-up: the process tree (web serving the production build + worker) comes
// up, serves nothing from disk but the build's public assets, survives a crashed child, and goes down
// cleanly on SIGTERM.
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { config } from "../app/config.server";
import { ROOT, startApp, type AppProcess } from "./helpers/app-process";

const SQLITE_MAGIC = "SQLite format 3";
const workersReady = (output: string) => output.split('"msg":"worker started"').length - 1;
const workerPids = (output: string) => [...output.matchAll(/\[start\] worker started \(pid (\d+)\)/g)].map((match) => Number(match[1]));

let tree: AppProcess;
beforeAll(async () => {
  // NODE_ENV as a developer's shell has it: no production flag, so nothing may depend on one.
  tree = await startApp("scripts/start.ts", { NODE_ENV: "development" });
}, 180_000);
afterAll(() => tree?.stop());

describe("npm start", () => {
  it("given a set-up project, when started, then /healthz and /readyz answer 200 and a worker is running", async () => {
    await expect.poll(() => workersReady(tree.output()), { timeout: 30_000 }).toBe(1);
    expect((await fetch(`${tree.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${tree.url}/readyz`)).status).toBe(200);
  });

  it("given project files next to the app, when they are asked for over HTTP, then each is 404 and no database byte is served", async () => {
    const database = config().database;
    const databaseFile = database.provider === "sqlite" ? new URL(database.url.replace(/^file:/, "file://")).pathname : path.join(ROOT, ".data", "consent-vault.db");
    const paths = [
      "/.data/consent-vault.db",
      "/.env",
      "/app/config.server.ts",
      "/package.json",
      "/prisma/models.prisma",
      "/node_modules/react/package.json",
      "/server.ts",
      "/build/server/index.js",
      `/@fs${databaseFile}`,
      `/@fs${ROOT}/.data/consent-vault.db`,
      "/@vite/client",
    ];
    for (const requested of paths) {
      const response = await fetch(`${tree.url}${requested}`);
      const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
      expect({ requested, status: response.status }).toEqual({ requested, status: 404 });
      expect(body).not.toContain(SQLITE_MAGIC);
      expect(body).not.toContain("SHOPIFY_API_SECRET");
    }
  });

  it("given the default HOST, then the web server is not reachable on the machine's other interfaces", async () => {
    const port = new URL(tree.url).port;
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === "IPv4" && !address.internal);
    if (!external) return;
    await expect(fetch(`http://${external.address}:${port}/healthz`)).rejects.toThrow();
  });

  it("given a running tree, when the worker is killed, then the web keeps answering and a new worker comes up", async () => {
    const [first] = workerPids(tree.output());
    expect(first).toBeGreaterThan(0);
    process.kill(first!, "SIGKILL");
    // The web answers throughout, and the supervisor starts a worker with a new pid.
    await expect
      .poll(
        async () => {
          expect((await fetch(`${tree.url}/healthz`)).status).toBe(200);
          return workerPids(tree.output()).length;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(2);
    expect(tree.output()).toMatch(/\[start\] worker exited \(SIGKILL\); restarting/);
    await expect.poll(() => workersReady(tree.output()), { timeout: 30_000 }).toBe(2);
  });

  it("given a running tree, when SIGTERM arrives, then web and worker stop and it exits 0", async () => {
    expect(await tree.stop()).toBe(0);
    expect(tree.output()).toContain("worker stopping");
    expect(tree.output()).toContain("web server stopping");
  }, 60_000);
});
