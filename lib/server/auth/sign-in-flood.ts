import "server-only";
import type { Env } from "@/lib/env";
import { guardRequest } from "@/lib/security/request-guard";
import { metrics } from "@/lib/server/metrics";
import { addressOverCeiling } from "./rate-limit";

// A sign-in flood from one address, answered with the least work: once the address is past its
// ceiling, each further credentials sign-in is answered before Next routes it
// (`lib/server/http/before-next.ts`) with one counter read and this answer. Only a cost saving:
// the ceiling itself is enforced, and its first refusal audited, by `attemptLogin`.

export const SIGN_IN_CALLBACK = "/api/auth/callback/credentials";

/** The answer next-auth gives a refused sign-in (its client reads the code from `url`). */
export function floodRefusal(requestUrl: string, publicUrl: string | undefined): Response {
  metrics().limiterRejections.inc({ limiter: "login" });
  const url = new URL("/login?error=RATE_LIMITED", publicUrl ?? requestUrl);
  return Response.json({ url }, { status: 401, headers: { "Cache-Control": "no-store" } });
}

/**
 * The refusal for a credentials sign-in from an address already past its ceiling, with the
 * security headers the middleware would give it; null for anything else (it goes on to Next). A
 * request the middleware's guard would refuse (foreign host, cross-site) is left to the
 * middleware, and so is any sign-in when the store cannot answer (next-auth then fails closed).
 */
export async function floodedSignInAnswer(request: Request, e: Env): Promise<Response | null> {
  if (request.method !== "POST" || new URL(request.url).pathname !== SIGN_IN_CALLBACK) return null;
  const guard = guardRequest(request, e);
  if (guard.refusal) return null;
  if (!(await addressOverCeiling(guard.ip).catch(() => false))) return null;
  return guard.finish(floodRefusal(request.url, e.VEIL_PUBLIC_URL));
}
