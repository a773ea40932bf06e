// Webhook and app-proxy bodies are refused with 413 once they are larger than their route can
// legitimately be: at once when Content-Length says so, otherwise as soon as the streamed bytes pass
// the limit. Nothing past the limit is buffered, so an oversized body costs no memory.
import type { RequestHandler } from "express";
import { sendError } from "./error-responses.server";

// After refusing, what the client still sends is read and dropped this long, so that it reads the
// 413 rather than a connection reset; then the connection is cut.
const LINGER_MS = 2_000;

export class PayloadTooLargeError extends Error {
  readonly status = 413;
  constructor(limit: number) {
    super(`the request body is larger than ${limit} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

export function limitBodySize(limit: number): RequestHandler {
  return (req, res, next) => {
    const refuse = () => {
      const error = new PayloadTooLargeError(limit);
      // A route already reading the body (the limit was passed mid-stream) stops with this error.
      if (req.listenerCount("error") > 0) req.emit("error", error);
      req.resume();
      const hangUp = setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
      req.once("end", () => clearTimeout(hangUp));
      if (!res.headersSent) sendError(req, res, error);
    };

    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return refuse();

    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= limit) return;
      req.off("data", count);
      refuse();
    };
    req.on("data", count);
    // Listening switched the body to flowing; the route resumes it when it reads.
    req.pause();
    next();
  };
}
