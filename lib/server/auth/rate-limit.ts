import "server-only";
import { env } from "@/lib/env";
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
