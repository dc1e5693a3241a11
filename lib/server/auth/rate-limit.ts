import "server-only";
import { env } from "@/lib/env";
import { countHit, type WindowCount } from "@/lib/server/store/window-counter";

const WINDOW_SECONDS = 15 * 60;

/**
 * Hard ceilings on login attempts (any outcome) per address and per account in 15 minutes, above
 * the captcha and lockout thresholds so a legitimate user meets the captcha first and an attacker
 * meets a wall. `id` is already a hash (no raw address or email in the store).
 */
export function loginLimits(): Record<
  "ip" | "account",
  { limit(id: string): Promise<WindowCount> }
> {
  return {
    ip: {
      limit: (id) =>
        countHit("veil:rl:login:ip", WINDOW_SECONDS, id, env().VEIL_LOGIN_LIMIT_PER_ADDRESS),
    },
    account: {
      limit: (id) =>
        countHit("veil:rl:login:acct", WINDOW_SECONDS, id, env().VEIL_LOGIN_LIMIT_PER_ACCOUNT),
    },
  };
}
