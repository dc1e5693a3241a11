import "server-only";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { PartnerLimits } from "@/lib/server/auth/principal";
import { store } from "@/lib/server/store";

// Per-partner request limits, counted in the shared store (Redis across instances, memory in a
// single process) by rate-limiter-flexible, which speaks both natively: no Lua emulation on the
// hot path. One counter per partner and window; the partner's configured allowance is compared
// at request time, so an admin's change applies to the next request.

const WINDOWS = [
  { name: "minute", seconds: 60, allowance: (l: PartnerLimits) => l.perMinute },
  { name: "hour", seconds: 3600, allowance: (l: PartnerLimits) => l.perHour },
  { name: "day", seconds: 86_400, allowance: (l: PartnerLimits) => l.perDay },
] as const;

/** Counters only count: the allowance is applied here, so the library's own cap is out of reach. */
const COUNT_ONLY = 2 ** 31 - 1;

const globalForLimits = globalThis as unknown as {
  veilPartnerLimiters?: Map<string, RateLimiterAbstract>;
};

function counter(window: { name: string; seconds: number }): RateLimiterAbstract {
  const cache = (globalForLimits.veilPartnerLimiters ??= new Map());
  let limiter = cache.get(window.name);
  if (!limiter) {
    const opts = {
      keyPrefix: `veil:rl:partner:${window.name}`,
      points: COUNT_ONLY,
      duration: window.seconds,
    };
    const redis = store().redis;
    limiter = redis
      ? new RateLimiterRedis({ ...opts, storeClient: redis, useRedisPackage: false })
      : new RateLimiterMemory(opts);
    cache.set(window.name, limiter);
  }
  return limiter;
}

export type LimitDecision = {
  allowed: boolean;
  /** IETF RateLimit header fields for the tightest window. */
  headers: Record<string, string>;
};

/** Counts one request against each of the partner's windows. */
export async function consumePartnerRequest(
  partnerId: string,
  limits: PartnerLimits,
): Promise<LimitDecision> {
  const active = WINDOWS.flatMap((w) => {
    const allowance = w.allowance(limits);
    return allowance ? [{ name: w.name, seconds: w.seconds, allowance }] : [];
  });
  const counted = await Promise.all(
    active.map(async (w) => {
      const r = await counter(w).consume(partnerId, 1);
      if (!(r instanceof RateLimiterRes)) throw new Error("rate limiter answered unexpectedly");
      return {
        ...w,
        remaining: Math.max(0, w.allowance - r.consumedPoints),
        over: r.consumedPoints > w.allowance,
        resetSeconds: Math.max(1, Math.ceil(r.msBeforeNext / 1000)),
      };
    }),
  );
  const refused = counted.filter((c) => c.over);
  // The window that binds: a refusing one that frees up last, else the one with least left.
  const binding = refused.length
    ? refused.reduce((a, b) => (b.resetSeconds > a.resetSeconds ? b : a))
    : counted.reduce((a, b) => (b.remaining < a.remaining ? b : a));
  const headers: Record<string, string> = {
    "RateLimit-Policy": counted.map((c) => `${c.allowance};w=${c.seconds}`).join(", "),
    "RateLimit-Limit": String(binding.allowance),
    "RateLimit-Remaining": String(binding.remaining),
    "RateLimit-Reset": String(binding.resetSeconds),
  };
  if (refused.length) headers["Retry-After"] = String(binding.resetSeconds);
  return { allowed: refused.length === 0, headers };
}
