import "server-only";
import type { PartnerLimits } from "@/lib/server/auth/principal";
import { countHit } from "@/lib/server/store/window-counter";

// Per-partner request limits: one counter per partner and window in the shared store; the
// partner's configured allowance is compared at request time, so an admin's change applies to
// the next request.

const WINDOWS = [
  { name: "minute", seconds: 60, allowance: (l: PartnerLimits) => l.perMinute },
  { name: "hour", seconds: 3600, allowance: (l: PartnerLimits) => l.perHour },
  { name: "day", seconds: 86_400, allowance: (l: PartnerLimits) => l.perDay },
] as const;

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
      const c = await countHit(`veil:rl:partner:${w.name}`, w.seconds, partnerId, w.allowance);
      return { ...w, ...c, over: !c.allowed };
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
