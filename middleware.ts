// NOT an authorization boundary (see CVE-2025-29927): every page, action and route handler
// re-checks the caller through lib/server/auth. This file only hardens responses and rejects
// requests that should never reach the app.
//
// Why `middleware.ts` and not `proxy.ts`: Next 16 still runs middleware.ts (with a deprecation
// notice) and the project's layout fixes this name. All logic lives in lib/security/*, covered by
// tests, so a rename to proxy.ts is a one-line move.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { forwardedHeaders, guardRequest } from "@/lib/security/request-guard";
import {
  anonymousRedirect,
  SESSION_COOKIE_NAME,
  SESSION_COOKIE_OPTIONS,
} from "@/lib/security/route-gate";
import { refreshedSessionToken } from "@/lib/security/session-refresh";

export async function middleware(request: NextRequest) {
  const e = env();
  const guard = guardRequest(request, e);
  if (guard.refusal) return guard.refusal;
  const { finish } = guard;
  const forwarded = forwardedHeaders(request, guard);

  const redirect = anonymousRedirect(request);
  const res = redirect ?? NextResponse.next({ request: { headers: forwarded } });
  if (!redirect && e.VEIL_AUTH_SECRET) {
    const refreshed = await refreshedSessionToken(
      request.cookies.get(SESSION_COOKIE_NAME)?.value,
      e.VEIL_AUTH_SECRET,
    );
    if (refreshed) {
      res.cookies.set(SESSION_COOKIE_NAME, refreshed, SESSION_COOKIE_OPTIONS);
    }
  }
  return finish(res);
}

// Every path but those whose route wrappers guard themselves (lib/security/outside-middleware.ts):
// the partner API, and the Data Mirror's streamed upload (Next clones and buffers a request body
// for the middleware, all of it, in memory, up to a limit past which the route sees it cut short).
// A partner path with a percent-escape still comes here: Next's router answers an undecodable one
// with a bare 500 before any route runs, and the guard here refuses it first.
export const config = {
  runtime: "nodejs",
  matcher: "/((?!api/v1/[^%]*$|api/mirror/run$).*)",
};
