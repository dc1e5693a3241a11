import "server-only";
import { limit, windowSeconds } from "@/lib/policy/limits";
import { createHash } from "node:crypto";
import { rateLimitBucket } from "@/lib/security/client-address";
import { countHit, hitsSoFar } from "@/lib/server/store/window-counter";

const PER_ADDRESS = "veil:rl:login:ip";
const PER_ACCOUNT = "veil:rl:login:acct";

/**
 * Hard ceilings on login attempts (any outcome) per address and per account in 15 minutes, above
 * the captcha and lockout thresholds so a legitimate user meets the captcha first and an attacker
 * meets a wall. `id` is already a hash (no raw address or email in the store).
 */
export function loginLimits() {
  const perAddress = limit("signInPerAddress");
  const perAccount = limit("signInPerAccount");
  return {
    ip: {
      limit: (id: string) =>
        countHit(PER_ADDRESS, windowSeconds(perAddress.window), id, perAddress.count),
      /** Already past the ceiling (the next attempt would be refused), without counting one. */
      exhausted: async (id: string) =>
        (await hitsSoFar(PER_ADDRESS, windowSeconds(perAddress.window), id)) >= perAddress.count,
    },
    account: {
      limit: (id: string) =>
        countHit(PER_ACCOUNT, windowSeconds(perAccount.window), id, perAccount.count),
    },
  };
}

/** Store keys never contain the raw address or email: hashes keep PII out of Redis. */
export function loginKey(kind: string, value: string) {
  return `veil:login:${kind}:${createHash("sha256").update(value).digest("hex").slice(0, 32)}`;
}

/**
 * Whether `ip` is already past its sign-in ceiling, without counting an attempt. The refusal that
 * crossed the ceiling was audited by `decideLogin`; later ones are answered before next-auth
 * parses them (`sign-in-flood.ts`) and counted in the limiter metric.
 */
export async function addressOverCeiling(ip: string | null): Promise<boolean> {
  return loginLimits().ip.exhausted(loginKey("ip", rateLimitBucket(ip)));
}
