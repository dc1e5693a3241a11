import "server-only";
import { problemResponse } from "@/lib/security/problem";
import { isOutsideMiddleware } from "@/lib/security/outside-middleware";
import { preflight } from "@/lib/server/partners/gate";
import { guardedHere } from "./guarded";
import type { Method, RouteHandler } from "./route-types";

/**
 * A route module's exports: the routes it serves, and 405 problem+json (with `Allow`) for every
 * other verb. `export const { GET, POST, PUT, PATCH, DELETE } = handlers({ POST: reveal })`.
 */
export function handlers(
  served: Partial<Record<Method, RouteHandler>>,
  opts: { cors?: boolean } = {},
) {
  const allow = Object.keys(served).join(", ");
  // The other verbs of a route outside the middleware are guarded like the route itself.
  const path = Object.values(served).find((h) => h.path)?.path;
  const guarded = (h: (req: Request) => Promise<Response>) =>
    path && isOutsideMiddleware(path) ? guardedHere(path, h) : h;
  const refuse = guarded(async () =>
    problemResponse(
      405,
      "Method Not Allowed",
      "This method is not supported here.",
      {},
      { Allow: allow },
    ),
  );
  return {
    GET: served.GET ?? refuse,
    POST: served.POST ?? refuse,
    PUT: served.PUT ?? refuse,
    PATCH: served.PATCH ?? refuse,
    DELETE: served.DELETE ?? refuse,
    // Browser integrations' preflights (partner API only; staff routes never grant one).
    OPTIONS: guarded(
      opts.cors
        ? (req: Request) => preflight(req, Object.keys(served))
        : async () => new Response(null, { status: 204, headers: { Allow: allow } }),
    ),
  };
}
