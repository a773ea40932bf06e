// `npm run dev`'s web server (server.ts --dev: Vite with hot reload). The development tunnel makes it
// public, so it must serve the client modules Vite needs and nothing of the runtime data, secrets or
// server code, without naming paths when it refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startApp, type AppProcess } from "./helpers/app-process";

let web: AppProcess;
beforeAll(async () => {
  web = await startApp("server.ts", {}, { dev: true });
}, 180_000);
afterAll(() => web?.stop());

describe("development web server", () => {
  it.each([
    "/.data/consent-vault.db",
    "/.env",
    `/@fs${ROOT}/.env`,
    `/@fs${ROOT}/.data/consent-vault.db`,
    "/app/config.server.ts",
    "/app/db.server.ts?raw",
    "/package.json",
    "/prisma/models.prisma",
    "/scripts/start.ts",
    "/server.ts",
  ])("given a project file outside the client modules (%s), then it is a 404 that names no path", async (path) => {
    const response = await fetch(`${web.url}${path}`);
    const body = await response.text();
    expect(response.status).toBe(404);
    expect(body).not.toContain(ROOT);
    expect(body).not.toContain("SQLite format 3");
  });

  it("given a client module of the app, then Vite serves it compiled", async () => {
    const response = await fetch(`${web.url}/app/root.tsx`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("ErrorBoundary");
  });
});
