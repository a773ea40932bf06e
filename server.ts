// The web process: Remix behind Express. In development Vite compiles on demand; in production
// (NODE_ENV=production) it serves the output of `npm run build`.
import "./scripts/lib/load-env.mjs";
import { randomUUID } from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { config } from "./app/config.server";
import { log } from "./app/log.server";
import { loadPrivacyKeys } from "./app/privacy/privacy-keys.server";
import { vault } from "./app/vault/vault.server";

const settings = config();
const production = settings.NODE_ENV === "production";
await loadPrivacyKeys(vault());

const vite = production
  ? undefined
  : await import("vite").then(({ createServer }) => createServer({ server: { middlewareMode: true } }));

const app = express();
app.disable("x-powered-by");

// Every request gets an id (the caller's X-Request-Id when it sends one) that the app's logs carry.
app.use((req, res, next) => {
  const incoming = req.headers["x-request-id"];
  const requestId = typeof incoming === "string" && /^[\w-]{1,128}$/.test(incoming) ? incoming : randomUUID();
  req.headers["x-request-id"] = requestId;
  res.setHeader("X-Request-Id", requestId);
  const started = performance.now();
  res.on("finish", () => {
    // The path only: query strings carry session tokens and HMACs.
    log.info(
      { requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
  next();
});

if (vite) {
  app.use(vite.middlewares);
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
}

const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(/* @vite-ignore */ new URL("./build/server/index.js", import.meta.url).href)) as ServerBuild);

app.all("*", createRequestHandler({ build, mode: settings.NODE_ENV }));

const server = app.listen(settings.PORT, () => log.info({ port: settings.PORT, production }, "web server listening"));

function shutdown(signal: string) {
  log.info({ signal }, "web server stopping");
  server.close(() => process.exit(0));
  // Keep-alive connections may hold close() open; give in-flight requests a bounded grace.
  setTimeout(() => process.exit(0), 10_000).unref();
  void vite?.close();
}
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
