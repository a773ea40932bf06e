// The web process: Remix behind Express. It serves the production build (`npm run build`; `npm start`
// builds it when the sources changed) and nothing from disk but the build's public assets. With
// `--dev` (`npm run dev`) Vite compiles on demand instead, with hot reload over this same server.
import "./scripts/lib/load-env.mjs";
import fs from "node:fs";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { assertNoPendingRestore } from "./app/backups/restore-backup.server";
import { config } from "./app/config.server";
import { limitBodySize } from "./app/http/body-limit.server";
import { handleUncaughtError } from "./app/http/error-responses.server";
import { createHttpServer } from "./app/http/http-server.server";
import { remixHandler, routeActionHandler } from "./app/http/remix-handler.server";
import { assignRequestId } from "./app/http/request-id.server";
import { setSecurityHeaders } from "./app/http/security-headers.server";
import { hideViteRefusals } from "./app/http/vite-refusals.server";
import { log, routeConsoleThroughLog } from "./app/log.server";
import { loadPrivacyKeys } from "./app/privacy/privacy-keys.server";
import { action as complianceWebhook } from "./app/routes/webhooks.compliance";
import { action as syncWebhook } from "./app/routes/webhooks.sync";
import { processSecurityLog } from "./app/security/record-security-event.server";
import { vault } from "./app/vault/vault.server";

routeConsoleThroughLog();

const settings = config();
const development = process.argv.includes("--dev");
const serverBuild = new URL("./build/server/index.js", import.meta.url);
// A restore that stopped before re-applying erasures must not be served from.
await assertNoPendingRestore(vault().journal);
await loadPrivacyKeys(vault());

const app = express();
app.disable("x-powered-by");
const server = createHttpServer(settings, app);

const vite = development
  ? await import("vite").then(({ createServer }) => createServer({ server: { middlewareMode: true, hmr: { server } } }))
  : undefined;

app.use(assignRequestId);
app.use(setSecurityHeaders);
app.use("/webhooks", limitBodySize(settings.WEBHOOK_BODY_LIMIT_BYTES));
app.use("/proxy", limitBodySize(settings.PROXY_BODY_LIMIT_BYTES));
// The compliance and sync addresses answer Shopify's floods: their POSTs skip static files and Remix's routing.
app.post("/webhooks/compliance", routeActionHandler(complianceWebhook));
app.post("/webhooks/sync", routeActionHandler(syncWebhook));

if (vite) {
  app.use(hideViteRefusals, vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

async function loadBuild(): Promise<ServerBuild> {
  if (!fs.existsSync(serverBuild)) {
    log.fatal({ path: "build/server/index.js" }, "no production build: run `npm run build` (npm start does it for you)");
    process.exit(1);
  }
  return (await import(/* @vite-ignore */ serverBuild.href)) as ServerBuild;
}

const build = vite ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild> : await loadBuild();
app.all("*", remixHandler({ build, mode: vite ? "development" : "production" }));
app.use(handleUncaughtError);

server.listen(settings.PORT, settings.HOST, () =>
  log.info({ host: settings.HOST, port: settings.PORT, development }, "web server listening"),
);

function shutdown(signal: string) {
  log.info({ signal }, "web server stopping");
  // Counts not yet written would otherwise be lost with the process.
  void processSecurityLog().stop();
  server.close(() => process.exit(0));
  // Keep-alive connections may hold close() open; give in-flight requests a bounded grace.
  setTimeout(() => process.exit(0), 10_000).unref();
  void vite?.close();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
