// NOT an authorization boundary (see CVE-2025-29927): every page, action and route handler
// re-checks the caller through lib/server/auth. This file only hardens responses and rejects
// requests that should never reach the app.
//
// Why `middleware.ts` and not `proxy.ts`: Next 16 still runs middleware.ts (with a deprecation
// notice) and the project's layout fixes this name. All logic lives in lib/security/*, covered by
// tests, so a rename to proxy.ts is a one-line move.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { guardRequest } from "@/lib/security/request-guard";
import {
  anonymousRedirect,
  SESSION_COOKIE_NAME,
  SESSION_COOKIE_OPTIONS,
} from "@/lib/security/route-gate";
import { refreshedSessionToken } from "@/lib/security/session-refresh";

export async function middleware(request: NextRequest) {
  const e = env();
  // Partner API calls carry bearer tokens, not cookies, so cross-site rules do not apply there.
  const guard = guardRequest(request, e, {
    crossSiteExempt: request.nextUrl.pathname.startsWith("/api/v1/"),
  });
  if (guard.refusal) return guard.refusal;
  const { nonce, requestId, ip, headers, finish } = guard;

  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("x-request-id", requestId);
  forwarded.delete("x-veil-client-ip");
  if (ip) forwarded.set("x-veil-client-ip", ip);
  // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
  forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);

  const redirect = anonymousRedirect(request);
  const res = redirect ?? NextResponse.next({ request: { headers: forwarded } });
  res.headers.set("x-request-id", requestId);
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

// Every path but the Data Mirror's streamed upload: Next clones and buffers a request body for
// the middleware (all of it, in memory, up to a limit past which the route sees it cut short), so
// that one route runs the same guard from its route wrapper instead (`unbufferedBody`).
export const config = {
  runtime: "nodejs",
  matcher: "/((?!api/mirror/run$).*)",
};
