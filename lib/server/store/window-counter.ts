import "server-only";
import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
  type RateLimiterRes,
} from "rate-limiter-flexible";
import { store } from "./index";

// Every request limit in Veil (sign-in ceilings, per-route limits, partner allowances) and every
// alert rule's count is a fixed window counter kept by rate-limiter-flexible, which speaks Redis
// natively (shared by all instances) and memory natively (one process): no Redis emulator or Lua
// interpreter on the hot path. The library only counts; the allowance is compared here at call time, so a changed
// setting (a partner's limits, an env ceiling) applies to the next request.

/** Counters only count: the library's own cap is out of reach. */
const COUNT_ONLY = 2 ** 31 - 1;

const globalForCounters = globalThis as unknown as {
  veilWindowCounters?: Map<string, RateLimiterAbstract>;
};

function counter(prefix: string, seconds: number): RateLimiterAbstract {
  const cache = (globalForCounters.veilWindowCounters ??= new Map());
  const name = `${prefix}:${seconds}`;
  let limiter = cache.get(name);
  if (!limiter) {
    const opts = { keyPrefix: prefix, points: COUNT_ONLY, duration: seconds };
    const redis = store().redis;
    limiter = redis
      ? new RateLimiterRedis({ ...opts, storeClient: redis, useRedisPackage: false })
      : new RateLimiterMemory(opts);
    cache.set(name, limiter);
  }
  return limiter;
}

function isWindowResult(r: unknown): r is Pick<RateLimiterRes, "consumedPoints" | "msBeforeNext"> {
  const res = r as Partial<RateLimiterRes> | null;
  return typeof res?.consumedPoints === "number" && typeof res.msBeforeNext === "number";
}

/** Adds `by` hits to `key`; store failures reject (callers fail closed or log). */
async function consume(prefix: string, seconds: number, key: string, by: number) {
  const r = await counter(prefix, seconds).consume(key, by);
  // Not `instanceof RateLimiterRes`: the counters are shared process-wide through globalThis, and
  // one made by the middleware's bundle answers with that bundle's copy of the class.
  if (!isWindowResult(r)) throw new Error("rate limiter answered unexpectedly");
  return r;
}

export type WindowCount = {
  /** Whether this hit is within the allowance. */
  allowed: boolean;
  allowance: number;
  remaining: number;
  /** Seconds until the window frees up (at least 1). */
  resetSeconds: number;
};

/**
 * Counts one hit by `key` in a window of `seconds` under `prefix` and judges it against
 * `allowance`. Store failures reject: callers fail closed.
 */
export async function countHit(
  prefix: string,
  seconds: number,
  key: string,
  allowance: number,
): Promise<WindowCount> {
  const r = await consume(prefix, seconds, key, 1);
  return {
    allowed: r.consumedPoints <= allowance,
    allowance,
    remaining: Math.max(0, allowance - r.consumedPoints),
    resetSeconds: Math.max(1, Math.ceil(r.msBeforeNext / 1000)),
  };
}

/** How many hits `key` has in its current window under `prefix`, without adding one. */
export async function hitsSoFar(prefix: string, seconds: number, key: string): Promise<number> {
  return (await windowSoFar(prefix, seconds, key)).hits;
}

/** `hitsSoFar`, with the seconds until the window frees up (at least 1). */
export async function windowSoFar(prefix: string, seconds: number, key: string) {
  const r = await counter(prefix, seconds).get(key);
  return {
    hits: r?.consumedPoints ?? 0,
    resetSeconds: Math.max(1, Math.ceil((r?.msBeforeNext ?? 0) / 1000)),
  };
}

/** Adds `by` hits to `key`'s count in its window of `seconds` under `prefix`: the new count. */
export async function addHits(
  prefix: string,
  seconds: number,
  key: string,
  by: number,
): Promise<number> {
  return (await consume(prefix, seconds, key, by)).consumedPoints;
}
