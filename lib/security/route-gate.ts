// Optimistic gate for middleware: sends visitors without a session cookie to /login.
// Defence in depth only; pages and data functions check the real session themselves.
import { NextResponse, type NextRequest } from "next/server";

const PROTECTED_PREFIXES = ["/customers", "/admin", "/account", "/mirror", "/approvals"];
export const SESSION_COOKIE_NAME = "__Host-veil.session";
/** The session cookie's attributes, wherever it is set (sign-in, sliding refresh, re-issue). */
export const SESSION_COOKIE_OPTIONS = {
  httpOnly: true,
  secure: true,
  sameSite: "lax",
  path: "/",
} as const;

export function isProtectedPath(pathname: string) {
  return PROTECTED_PREFIXES.some((p) => pathname === p || pathname.startsWith(p + "/"));
}

export function anonymousRedirect(request: NextRequest): NextResponse | null {
  if (!isProtectedPath(request.nextUrl.pathname)) return null;
  if (request.cookies.has(SESSION_COOKIE_NAME)) return null;
  const login = new URL("/login", request.nextUrl.origin);
  login.searchParams.set("next", request.nextUrl.pathname);
  return NextResponse.redirect(login, 303);
}
