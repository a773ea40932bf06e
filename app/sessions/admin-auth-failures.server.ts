// Shopify's library answers a failed token exchange (Shopify unreachable or erroring, for a shop that
// has no offline session yet) or a failing after-auth hook with a bare 500 and logs nothing. Here that
// becomes a 503 the browser may retry, and a warning carrying the request id to find it by. The
// library's own answers (the bounce to /auth/session-token, 401 with a retry header, redirects) pass
// through untouched.
import type { Logger } from "pino";

export const AUTH_UNAVAILABLE_RETRY_SECONDS = 5;

/**
 * Whether the library refused the request's session token: a 401 to a request that carried one in
 * its Authorization header, or the bounce to /auth/session-token for a document that came with an
 * id_token (a document without one is bounced too, but that is the normal first load).
 */
function refusedSessionToken(request: Request, answer: Response) {
  if (answer.status === 401) return request.headers.has("authorization");
  const location = answer.headers.get("location") ?? "";
  return answer.status >= 300 && answer.status < 400 && location.includes("/auth/session-token") && new URL(request.url).searchParams.has("id_token");
}

export function answeringServerFailures<Context>({
  authenticateAdmin,
  log,
  onRefusedSessionToken,
}: {
  authenticateAdmin: (request: Request) => Promise<Context>;
  log: Logger;
  /** Told of every request whose session token was bad or expired (the security log). */
  onRefusedSessionToken?: (request: Request) => void;
}): (request: Request) => Promise<Context> {
  return async (request) => {
    try {
      return await authenticateAdmin(request);
    } catch (thrown) {
      if (thrown instanceof Response && onRefusedSessionToken && refusedSessionToken(request, thrown)) onRefusedSessionToken(request);
      if (!(thrown instanceof Response) || thrown.status !== 500) throw thrown;
      log.warn(
        { requestId: request.headers.get("x-request-id") ?? undefined, path: new URL(request.url).pathname },
        "admin authentication failed on the server side (token exchange with Shopify or the after-auth hook); answered 503",
      );
      throw new Response("This shop's access could not be set up just now. Try again in a moment.", {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(AUTH_UNAVAILABLE_RETRY_SECONDS) },
      });
    }
  };
}
