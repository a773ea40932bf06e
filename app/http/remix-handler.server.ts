// Remix behind express, as @remix-run/express does it, plus the edge's rules: a request whose URL
// cannot be built (a malformed Host header) is a 400, and error answers lose their internals.
// Not re-exported by the package index; pinned with the package, so the two halves are reused as they are.
import { createRemixRequest, sendRemixResponse } from "@remix-run/express/dist/server.js";
import { createRequestHandler as createRemixHandler, type ActionFunctionArgs, type ServerBuild } from "@remix-run/node";
import type { RequestHandler } from "express";
import { withoutInternals } from "./error-responses.server";
import { requestIdOf } from "./request-id.server";

class MalformedRequestError extends Error {
  readonly status = 400;
}

/** Express in front of `respond`: the request conversion, error handling and response rules of the edge. */
function serve(respond: (request: Request) => Promise<Response>): RequestHandler {
  return async (req, res, next) => {
    let request: Request;
    try {
      request = createRemixRequest(req, res);
    } catch (error) {
      next(new MalformedRequestError((error as Error).message));
      return;
    }
    try {
      const response = await respond(request);
      await sendRemixResponse(res, withoutInternals(response, requestIdOf(req.headers)));
    } catch (error) {
      next(error);
    }
  };
}

export function remixHandler({ build, mode }: { build: ServerBuild | (() => Promise<ServerBuild>); mode: "development" | "production" }): RequestHandler {
  return serve(createRemixHandler(build, mode));
}

/**
 * One route's action served straight from express, for the webhook addresses Shopify floods: the
 * same request conversion, error handling and response rules as above, without static-file lookups,
 * Remix's route matching and its document/data request machinery (decision 010).
 */
export function routeActionHandler(action: (args: ActionFunctionArgs) => Promise<Response>): RequestHandler {
  return serve((request) => action({ request, params: {}, context: {} }));
}
