import "server-only";
import { env } from "@/lib/env";
import { isPartnerApiPath } from "@/lib/security/outside-middleware";
import { forwardedHeaders, guardRequest } from "@/lib/security/request-guard";

type Handler<S> = (req: Request, segment?: S) => Promise<Response>;

/**
 * For a route outside the middleware (lib/security/outside-middleware.ts): the middleware's
 * request guard, the handler on the request as the guard forwards it (its client address and
 * request id, never the client's), and the security headers on every answer.
 */
export function guardedHere<S>(path: string, handler: Handler<S>): Handler<S> {
  return async (req, segment) => {
    const guard = guardRequest(req, env(), { crossSiteExempt: isPartnerApiPath(path) });
    if (guard.refusal) return guard.refusal;
    // The body (a stream, for an upload) moves to the new request unread.
    const res = await handler(new Request(req, { headers: forwardedHeaders(req, guard) }), segment);
    return guard.finish(res);
  };
}
