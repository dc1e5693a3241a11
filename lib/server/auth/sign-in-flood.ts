import "server-only";
import { env } from "@/lib/env";
import { metrics } from "@/lib/server/metrics";
import { addressOverCeiling } from "./rate-limit";

// A sign-in flood from one address, answered with the least work: once the address is past its
// ceiling, the middleware answers each further credentials sign-in with one counter read and
// this answer (~1.5 ms of server CPU instead of ~3 ms through the route and next-auth). Only a
// cost saving: the ceiling itself is enforced, and its first refusal audited, by `attemptLogin`.

const SIGN_IN_CALLBACK = "/api/auth/callback/credentials";

/**
 * A credentials sign-in from an address already past its ceiling. If the store cannot answer,
 * next-auth runs and the sign-in fails closed there.
 */
export async function isFloodedSignIn(method: string, pathname: string, ip: string | null) {
  if (method !== "POST" || pathname !== SIGN_IN_CALLBACK) return false;
  return addressOverCeiling(ip).catch(() => false);
}

/** The answer next-auth gives a refused sign-in (its client reads the code from `url`). */
export function floodRefusal(requestUrl: string): Response {
  metrics().limiterRejections.inc({ limiter: "login" });
  const url = new URL("/login?error=RATE_LIMITED", env().VEIL_PUBLIC_URL ?? requestUrl);
  return Response.json({ url }, { status: 401, headers: { "Cache-Control": "no-store" } });
}
