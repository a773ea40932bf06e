// Webhook and app-proxy bodies are refused with 413 once they are larger than their route can
// legitimately be: at once when Content-Length says so, otherwise as soon as the streamed bytes pass
// the limit. Nothing past the limit is buffered, so an oversized body costs no memory.
import type { RequestHandler } from "express";
import { sendError } from "./error-responses.server";

export class PayloadTooLargeError extends Error {
  readonly status = 413;
  constructor(limit: number) {
    super(`the request body is larger than ${limit} bytes`);
    this.name = "PayloadTooLargeError";
  }
}

export function limitBodySize(limit: number): RequestHandler {
  return (req, res, next) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      refuse();
      return;
    }
    let received = 0;
    const count = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        req.off("data", count);
        refuse();
      }
    };
    req.on("data", count);
    // Listening switched the body to flowing; the request handler resumes it when it reads.
    req.pause();
    next();

    function refuse() {
      const error = new PayloadTooLargeError(limit);
      res.setHeader("Connection", "close");
      if (res.headersSent) {
        req.destroy(error);
        return;
      }
      // The reader of the body (if any) is stopped once the answer is on its way.
      sendError(req, res, error, () => req.destroy(error));
    }
  };
}
