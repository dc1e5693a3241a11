import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { rateLimitBucket } from "@/lib/security/client-address";
import { countHit, hitsSoFar } from "@/lib/server/store/window-counter";

const WINDOW_SECONDS = 15 * 60;
const PER_ADDRESS = "veil:rl:login:ip";
const PER_ACCOUNT = "veil:rl:login:acct";

/**
 * Hard ceilings on login attempts (any outcome) per address and per account in 15 minutes, above
 * the captcha and lockout thresholds so a legitimate user meets the captcha first and an attacker
 * meets a wall. `id` is already a hash (no raw address or email in the store).
 */
export function loginLimits() {
  return {
    ip: {
      limit: (id: string) =>
        countHit(PER_ADDRESS, WINDOW_SECONDS, id, env().VEIL_LOGIN_LIMIT_PER_ADDRESS),
      /** Already past the ceiling (the next attempt would be refused), without counting one. */
      exhausted: async (id: string) =>
        (await hitsSoFar(PER_ADDRESS, WINDOW_SECONDS, id)) >= env().VEIL_LOGIN_LIMIT_PER_ADDRESS,
    },
    account: {
      limit: (id: string) =>
        countHit(PER_ACCOUNT, WINDOW_SECONDS, id, env().VEIL_LOGIN_LIMIT_PER_ACCOUNT),
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
