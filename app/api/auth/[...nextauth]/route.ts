import NextAuth from "next-auth";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { problemResponse } from "@/lib/security/problem";
import { env } from "@/lib/env";
import { addressOverCeiling } from "@/lib/server/auth/login";
import { authOptions } from "@/lib/server/auth/options";
import { metrics } from "@/lib/server/metrics";
import { withRequestContext } from "@/lib/server/request-context";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth checks its own double-submit CSRF token; the Origin check refuses forged
// cross-site posts before they reach it (and before any limiter or bcrypt work).
async function handler(req: Request, ctx: Ctx) {
  if (isCrossSiteWrite(req.method, req.headers)) {
    return problemResponse(403, "Forbidden", "Cross-site requests are not accepted.");
  }
  if (req.method === "POST" && (await isFloodedSignIn(req, ctx))) {
    metrics().limiterRejections.inc({ limiter: "login" });
    // The answer next-auth gives a refused sign-in (its client reads the code from `url`).
    const url = new URL("/login?error=RATE_LIMITED", env().VEIL_PUBLIC_URL ?? req.url);
    return Response.json({ url }, { status: 401, headers: { "Cache-Control": "no-store" } });
  }
  return withRequestContext(req.headers.get("x-request-id"), () =>
    NextAuth(authOptions())(req, ctx),
  );
}

/**
 * A credentials sign-in from an address already past its ceiling. If the store cannot answer,
 * next-auth runs and the sign-in fails closed there.
 */
async function isFloodedSignIn(req: Request, ctx: Ctx) {
  const [action, provider] = (await ctx.params).nextauth;
  if (action !== "callback" || provider !== "credentials") return false;
  return addressOverCeiling(req.headers.get("x-veil-client-ip")).catch(() => false);
}

export { handler as GET, handler as POST };
