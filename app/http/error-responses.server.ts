// One shape for every error answer that is not a rendered page: `{ error, requestId }`, a short
// sentence and the id to quote. Stacks, paths and library messages go to the log, never the client.
import type { ErrorRequestHandler, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { log } from "../log.server";
import { requestIdOf } from "./request-id.server";

const MESSAGES: Record<number, string> = {
  400: "The request is malformed.",
  404: "Nothing is here.",
  405: "This address does not accept that method.",
  413: "The request body is too large.",
};
const SERVER_FAULT = "Something went wrong on our side. Quote the request id if you contact support.";

export function errorMessageFor(status: number): string {
  return status >= 500 ? SERVER_FAULT : (MESSAGES[status] ?? "The request cannot be answered.");
}

function statusOf(error: unknown): number {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

export function errorBody(status: number, requestId: string | undefined): string {
  return JSON.stringify({ error: errorMessageFor(status), requestId });
}

/** Answers `error` in the common shape; `done` runs once the answer has been handed to the socket. */
export function sendError(req: ExpressRequest, res: ExpressResponse, error: unknown, done?: () => void) {
  const status = statusOf(error);
  const requestId = requestIdOf(req.headers);
  if (status >= 500) log.error({ requestId, err: error }, "request failed");
  else log.info({ requestId, status, reason: (error as Error).message }, "request refused");
  res.status(status).type("application/json").end(errorBody(status, requestId), done);
}

/** The last express middleware: whatever escaped the routes is answered without internals. */
export const handleUncaughtError: ErrorRequestHandler = (error, req, res, _next) => {
  if (res.writableEnded) return; // answered already (a body refused mid-stream fails its reader too)
  if (res.headersSent) {
    log.error({ requestId: requestIdOf(req.headers), err: error }, "request failed after the answer started");
    res.destroy();
    return;
  }
  sendError(req, res, error);
};

/**
 * Remix's own error answers to non-document requests (resource routes, a method a route does not
 * take) carry its messages, and in development its stacks: replace their bodies with the common shape.
 * Rendered documents (the ErrorBoundary's page), single-fetch data streams and the routes' own answers
 * are left as they are.
 */
export function withoutInternals(response: Response, requestId: string | undefined): Response {
  const type = response.headers.get("Content-Type") ?? "";
  // The last-resort answer is a plain-text 500; routes that answer 5xx on purpose (readiness) send JSON.
  const remixError = response.headers.has("X-Remix-Error") || (response.status >= 500 && type.startsWith("text/plain"));
  if (!remixError) return response;
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  headers.delete("X-Remix-Error");
  headers.set("Content-Type", "application/json");
  return new Response(errorBody(response.status, requestId), { status: response.status, headers });
}
