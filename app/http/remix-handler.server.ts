// Remix behind express, as @remix-run/express does it, plus the edge's rules: a request whose URL
// cannot be built (a malformed Host header) is a 400, and error answers lose their internals.
// Not re-exported by the package index; pinned with the package, so the two halves are reused as they are.
import { createRemixHeaders, createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createRemixHandler, type ActionFunctionArgs, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { PayloadTooLargeError } from "./body-limit.server";
import { withoutInternals } from "./error-responses.server";
import { requestIdOf } from "./request-id.server";

class MalformedRequestError extends Error {
  readonly status = 400;
}

type ToRequest = (req: ExpressRequest, res: ExpressResponse) => Promise<Request>;
type SendResponse = (res: ExpressResponse, response: Response) => Promise<void>;

/** Express in front of `respond`: the request conversion, error handling and response rules of the edge. */
function serve(respond: (request: Request) => Promise<Response>, toRequest: ToRequest, send: SendResponse): RequestHandler {
  return async (req, res, next) => {
    let request: Request;
    try {
      request = await toRequest(req, res);
    } catch (error) {
      next(error instanceof PayloadTooLargeError ? error : new MalformedRequestError((error as Error).message));
      return;
    }
    try {
      const response = await respond(request);
      await send(res, withoutInternals(response, requestIdOf(req.headers)));
    } catch (error) {
      next(error);
    }
  };
}

export function remixHandler({ build, mode }: { build: ServerBuild | (() => Promise<ServerBuild>); mode: "development" | "production" }): RequestHandler {
  return serve(createRemixHandler(build, mode), async (req, res) => createRemixRequest(req, res), sendRemixResponse);
}

/** The whole body; the size limit in front (limitBodySize) stops an oversized one with its error. */
function readBody(req: ExpressRequest): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(Buffer.concat(chunks)));
    req.once("error", reject);
    req.resume();
  });
}

/**
 * One route's action served straight from express, for the webhook addresses Shopify floods: the
 * same error handling and response rules as above, without static-file lookups, Remix's route
 * matching and its document/data request machinery (decision 010). Their small bodies are read and
 * answered whole: converting the node streams to web streams and back cost a fifth of an
 * acknowledgement's CPU time.
 */
export function routeActionHandler(action: (args: ActionFunctionArgs) => Promise<Response>): RequestHandler {
  const toRequest: ToRequest = async (req) => {
    const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
    const headers = createRemixHeaders(req.headers);
    const body = await readBody(req);
    // Mounted for POST only, so there is always a body to pass on.
    return new Request(url, { method: req.method, headers, body: new Uint8Array(body) });
  };
  const send: SendResponse = async (res, response) => {
    const body = Buffer.from(await response.arrayBuffer());
    res.statusCode = response.status;
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.end(body);
  };
  return serve((request) => action({ request, params: {}, context: {} }), toRequest, send);
}
