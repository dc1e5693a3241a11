import NextAuth from "next-auth";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { problemResponse } from "@/lib/security/problem";
import { authOptions } from "@/lib/server/auth/options";
import { withRequestContext } from "@/lib/server/request-context";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth checks its own double-submit CSRF token; the Origin check refuses forged
// cross-site posts before they reach it (and before any limiter or bcrypt work). A sign-in flood
// past its ceiling never gets here: the middleware answers it (lib/server/auth/sign-in-flood.ts).
async function handler(req: Request, ctx: Ctx) {
  if (isCrossSiteWrite(req.method, req.headers)) {
    return problemResponse(403, "Forbidden", "Cross-site requests are not accepted.");
  }
  return withRequestContext(req.headers.get("x-request-id"), () =>
    NextAuth(authOptions())(req, ctx),
  );
}

export { handler as GET, handler as POST };
