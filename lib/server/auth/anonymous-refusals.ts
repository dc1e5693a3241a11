import "server-only";
import { limit, windowSeconds } from "@/lib/policy/limits";
import { createHash } from "node:crypto";
import { rateLimitBucket } from "@/lib/security/client-address";
import { AppError } from "@/lib/server/errors";
import { metrics } from "@/lib/server/metrics";
import { addHits, windowSoFar } from "@/lib/server/store/window-counter";

// Refusals before anyone is authenticated (a bad bearer token, bad client credentials, a dead
// set-password link) cost the attacker nothing, so without a ceiling they are free guesses and
// each one an audit row. Per client address: past the ceiling every such request is answered 429
// before any authentication work, and only the first refusal of an address's window is audited;
// the rest are counted in `veil_rate_limit_rejections_total{limiter="anonymous"}`. Sign-in has its
// own, older ceiling (`rate-limit.ts`) with the same audit rule.

const PREFIX = "veil:rl:anon-refusals";
const windowOf = () => windowSeconds(limit("anonymousRefusals").window);

/** The store never sees the raw address. */
const keyFor = (ip: string | null) =>
  createHash("sha256").update(rateLimitBucket(ip)).digest("hex").slice(0, 32);

/** Seconds to wait when `ip` is past its ceiling of refusals; 0 when it may go on. */
export async function anonymousRefusalWait(ip: string | null): Promise<number> {
  const w = await windowSoFar(PREFIX, windowOf(), keyFor(ip));
  return w.hits >= limit("anonymousRefusals").count ? w.resetSeconds : 0;
}

/** For callers that answer with AppError: RATE_LIMITED when the address is past its ceiling. */
export async function assertAnonymousRefusalsAllowed(ip: string | null): Promise<void> {
  if (await anonymousRefusalWait(ip))
    throw new AppError("RATE_LIMITED", "anonymous refusal ceiling reached");
}

/** Counts one refusal; `audit` runs only for the address's first refusal in the window. */
export async function countAnonymousRefusal(
  ip: string | null,
  audit: () => Promise<unknown>,
): Promise<void> {
  const count = await addHits(PREFIX, windowOf(), keyFor(ip), 1);
  if (count === 1) await audit();
  else metrics().limiterRejections.inc({ limiter: "anonymous" });
}
