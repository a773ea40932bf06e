// Every request gets an id (the caller's X-Request-Id when it sends a sane one) that the app's logs
// carry and every error answer quotes, so a merchant's report can be matched to a log line.
import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { log } from "../log.server";

export const assignRequestId: RequestHandler = (req, res, next) => {
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
};

/** The id assigned above, read back from the headers of the request it was assigned to. */
export function requestIdOf(headers: Headers | Record<string, string | string[] | undefined>): string | undefined {
  const value = headers instanceof Headers ? headers.get("x-request-id") : headers["x-request-id"];
  return typeof value === "string" ? value : undefined;
}
