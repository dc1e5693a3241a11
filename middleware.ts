// NOT an authorization boundary (see CVE-2025-29927): every page, action and route handler
// re-checks the caller through lib/server/auth. This file only hardens responses and rejects
// requests that should never reach the app.
//
// Why `middleware.ts` and not `proxy.ts`: Next 16 still runs middleware.ts (with a deprecation
// notice) and the project's layout fixes this name. All logic lives in lib/security/*, covered by
// tests, so a rename to proxy.ts is a one-line move.
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import {
  base64Nonce,
  clientIp,
  isAllowedHost,
  MAX_URL_LENGTH,
  securityHeaders,
} from "@/lib/security/headers";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { problemResponse } from "@/lib/security/problem";
import {
  anonymousRedirect,
  SESSION_COOKIE_NAME,
  SESSION_COOKIE_OPTIONS,
} from "@/lib/security/route-gate";
import { refreshedSessionToken } from "@/lib/security/session-refresh";

export async function middleware(request: NextRequest) {
  const e = env();
  const production = e.NODE_ENV === "production";
  const nonce = base64Nonce();
  const forwardedProto = e.VEIL_TRUST_PROXY ? request.headers.get("x-forwarded-proto") : null;
  const https = forwardedProto === "https" || request.nextUrl.protocol === "https:";
  const headers = securityHeaders({ nonce, production, https });
  const finish = (res: NextResponse | Response) => {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  };

  const host = request.headers.get("host");
  if (!isAllowedHost(host, e.VEIL_ALLOWED_HOSTS)) {
    return finish(problemResponse(400, "Bad Request", "This host is not served here."));
  }
  if (request.url.length > MAX_URL_LENGTH) {
    return finish(problemResponse(414, "URI Too Long", "The request URL is too long."));
  }
  if (forwardedProto === "http") {
    const url = new URL(request.nextUrl.pathname + request.nextUrl.search, `https://${host}`);
    return finish(NextResponse.redirect(url, 308));
  }

  // Partner API calls carry bearer tokens, not cookies, so cross-site rules do not apply there.
  if (
    !request.nextUrl.pathname.startsWith("/api/v1/") &&
    isCrossSiteWrite(request.method, request.headers)
  ) {
    return finish(problemResponse(403, "Forbidden", "Cross-site requests are not accepted."));
  }

  const requestId = crypto.randomUUID();
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("x-request-id", requestId);
  forwarded.delete("x-veil-client-ip");
  const ip = clientIp(
    request.headers.get("x-forwarded-for"),
    e.VEIL_TRUST_PROXY ? e.VEIL_TRUSTED_PROXY_HOPS : 0,
  );
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

export const config = {
  runtime: "nodejs",
  matcher: "/:path*",
};
