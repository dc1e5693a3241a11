import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { problemResponse } from "@/lib/security/problem";
import { authOptions } from "@/lib/server/auth/options";
import { MAX_AUTH_FORM_BYTES } from "@/lib/server/http/body-limits";
import { readBoundedBytes } from "@/lib/server/http/json-body";
import { problemFrom } from "@/lib/server/http/route";
import { withRequestContext } from "@/lib/server/request-context";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// next-auth checks its own double-submit CSRF token; the Origin check refuses forged
// cross-site posts before they reach it (and before any limiter or bcrypt work). A sign-in flood
// past its ceiling never gets here: the middleware answers it (lib/server/auth/sign-in-flood.ts).
async function handler(req: NextRequest, ctx: Ctx) {
  if (isCrossSiteWrite(req.method, req.headers)) {
    return problemResponse(403, "Forbidden", "Cross-site requests are not accepted.");
  }
  // next-auth reads the whole body itself: it gets a copy read through the bounded reader.
  let bounded: NextRequest = req;
  if (req.body) {
    try {
      const body = await readBoundedBytes(req, MAX_AUTH_FORM_BYTES);
      bounded = new NextRequest(req.url, {
        method: req.method,
        headers: req.headers,
        body: new Uint8Array(body),
      });
    } catch (err) {
      return problemFrom(err, req.headers.get("x-request-id"));
    }
  }
  return withRequestContext(req.headers.get("x-request-id"), () =>
    NextAuth(authOptions())(bounded, ctx),
  );
}

export { handler as GET, handler as POST };
