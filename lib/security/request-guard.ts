// The checks every request gets before it reaches the app: allowed host, URL length, a decodable
// path, HTTPS behind a proxy, cross-site writes, and the response's security headers. The
// middleware runs them for every route it sees; the routes outside it (`outside-middleware.ts`)
// run the same function from their route wrapper.
import { NextResponse } from "next/server";
import type { Env } from "@/lib/env";
import { base64Nonce, clientIp, isAllowedHost, MAX_URL_LENGTH, securityHeaders } from "./headers";
import { isCrossSiteWrite } from "./origin";
import { problemResponse } from "./problem";

export type GuardedRequest = {
  /** The answer when the request must not reach the app (headers applied). */
  refusal: Response | null;
  nonce: string;
  requestId: string;
  /** The client address (never taken from a client-sent x-veil-client-ip). */
  ip: string | null;
  /** Security headers for every response to this request. */
  headers: Record<string, string>;
  /** Applies `headers` and the request id to a response. */
  finish<R extends Response>(res: R): R;
};

/** Next's router decodes path segments and answers a malformed escape with a bare 500. */
function decodablePath(pathname: string) {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export function guardRequest(
  request: Request,
  e: Env,
  opts: { crossSiteExempt?: boolean } = {},
): GuardedRequest {
  const url = new URL(request.url);
  const production = e.NODE_ENV === "production";
  const nonce = base64Nonce();
  const forwardedProto = e.VEIL_TRUST_PROXY ? request.headers.get("x-forwarded-proto") : null;
  const https = forwardedProto === "https" || url.protocol === "https:";
  const headers = securityHeaders({ nonce, production, https });
  const requestId = crypto.randomUUID();
  const finish = <R extends Response>(res: R) => {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    res.headers.set("x-request-id", requestId);
    return res;
  };
  const ip = clientIp(
    request.headers.get("x-forwarded-for"),
    e.VEIL_TRUST_PROXY ? e.VEIL_TRUSTED_PROXY_HOPS : 0,
  );
  const guarded = { nonce, requestId, ip, headers, finish };

  const host = request.headers.get("host");
  let refusal: Response | null = null;
  if (!isAllowedHost(host, e.VEIL_ALLOWED_HOSTS))
    refusal = problemResponse(400, "Bad Request", "This host is not served here.");
  else if (request.url.length > MAX_URL_LENGTH)
    refusal = problemResponse(414, "URI Too Long", "The request URL is too long.");
  else if (!decodablePath(url.pathname))
    refusal = problemResponse(400, "Bad Request", "The request path is not valid.");
  else if (forwardedProto === "http" && url.pathname.startsWith("/api/"))
    // Only pages are redirected: an API client that sent plain HTTP has already exposed its
    // request, and a redirect would let it go on doing so unnoticed.
    refusal = problemResponse(400, "Bad Request", "Use HTTPS.");
  else if (forwardedProto === "http")
    refusal = NextResponse.redirect(new URL(url.pathname + url.search, `https://${host}`), 308);
  else if (!opts.crossSiteExempt && isCrossSiteWrite(request.method, request.headers))
    refusal = problemResponse(403, "Forbidden", "Cross-site requests are not accepted.");
  return { ...guarded, refusal: refusal && finish(refusal) };
}

/**
 * The request headers the app reads, as the guard established them: its client address and
 * request id (a client-sent `x-veil-client-ip` or `x-request-id` never passes) and the nonce.
 */
export function forwardedHeaders(request: Request, guard: GuardedRequest): Headers {
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", guard.nonce);
  forwarded.set("x-request-id", guard.requestId);
  forwarded.delete("x-veil-client-ip");
  if (guard.ip) forwarded.set("x-veil-client-ip", guard.ip);
  // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
  forwarded.set("Content-Security-Policy", guard.headers["Content-Security-Policy"]!);
  return forwarded;
}
