import "server-only";
import { Ratelimit } from "@upstash/ratelimit";
import { env } from "@/lib/env";
import { store } from "@/lib/server/store";

type Limiter = { limit(id: string): Promise<{ success: boolean; reset: number }> };

const globalForLimits = globalThis as unknown as {
  veilLoginLimits?: { ip: Limiter; account: Limiter };
};

/**
 * Hard ceilings on login attempts (any outcome), above the captcha and lockout thresholds so a
 * legitimate user meets the captcha first and an attacker meets a wall.
 */
export function loginLimits() {
  if (globalForLimits.veilLoginLimits) return globalForLimits.veilLoginLimits;
  const redis = store().limiterRedis as unknown as ConstructorParameters<
    typeof Ratelimit
  >[0]["redis"];
  globalForLimits.veilLoginLimits = {
    ip: new Ratelimit({
      redis,
      prefix: "veil:rl:login:ip",
      limiter: Ratelimit.slidingWindow(env().VEIL_LOGIN_LIMIT_PER_ADDRESS, "15 m"),
      ephemeralCache: false,
    }),
    account: new Ratelimit({
      redis,
      prefix: "veil:rl:login:acct",
      limiter: Ratelimit.slidingWindow(env().VEIL_LOGIN_LIMIT_PER_ACCOUNT, "15 m"),
      ephemeralCache: false,
    }),
  };
  return globalForLimits.veilLoginLimits;
}
