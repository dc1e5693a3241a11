import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { isCrossSiteWrite } from "@/lib/security/origin";
import { problemResponse } from "@/lib/security/problem";
import { authOptions } from "@/lib/server/auth/options";
import { MAX_AUTH_FORM_BYTES } from "@/lib/server/http/body-limits";
import { readBoundedBytes } from "@/lib/server/http/json-body";
import { problemFrom } from "@/lib/server/http/route";
import { SECOND_STEP_CODES, type LoginErrorCode } from "@/lib/schemas/auth";
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
  const res = await withRequestContext(req.headers.get("x-request-id"), () =>
    NextAuth(authOptions())(bounded, ctx),
  );
  return secondStepAsSuccess(req, res);
}

/**
 * A right password from a user with two-factor on is a step of the sign-in, not a failure:
 * next-auth answers it 401 (which browsers log as a console error on every sign-in). It is
 * answered 200 with the same body; next-auth's client reads the code from the body either way
 * and stays signed out, as no session cookie was set. Real failures stay 401.
 */
async function secondStepAsSuccess(req: NextRequest, res: Response): Promise<Response> {
  if (
    res.status !== 401 ||
    req.method !== "POST" ||
    !req.nextUrl.pathname.endsWith("/callback/credentials")
  )
    return res;
  const body = await res.text();
  let url: string | undefined;
  try {
    url = (JSON.parse(body) as { url?: string }).url;
  } catch {
    return new Response(body, res);
  }
  const code = url ? new URL(url, req.url).searchParams.get("error") : null;
  const step = SECOND_STEP_CODES.includes(code as LoginErrorCode);
  return new Response(body, { status: step ? 200 : 401, headers: res.headers });
}

export { handler as GET, handler as POST };
