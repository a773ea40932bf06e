// The web process's HTTP server with the edge's limits: slow headers, slow bodies and idle keep-alive
// connections are cut off, and connections past the cap are refused instead of queueing forever.
import http from "node:http";
import type { Config } from "../config.server";

type EdgeSettings = Pick<Config, "HTTP_HEADERS_TIMEOUT_MS" | "HTTP_REQUEST_TIMEOUT_MS" | "HTTP_KEEP_ALIVE_TIMEOUT_MS" | "HTTP_MAX_CONNECTIONS">;

export function createHttpServer(settings: EdgeSettings, listener?: http.RequestListener): http.Server {
  const server = http.createServer(
    {
      headersTimeout: settings.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: settings.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: settings.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      // Node checks the two timeouts above on this interval (30 s by default, which would stretch them).
      connectionsCheckingInterval: Math.min(1_000, settings.HTTP_HEADERS_TIMEOUT_MS),
    },
    listener,
  );
  server.maxConnections = settings.HTTP_MAX_CONNECTIONS;
  return server;
}
