import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/env";

const globalForRedis = globalThis as unknown as { veilRedis?: Redis | null };

/**
 * The shared Redis (rate limits, token revocation) when `REDIS_URL` is set; null means the
 * in-process store (single instance only). Commands fail fast while Redis is down instead of
 * queueing, so callers see the outage and readiness reports it.
 */
export function redis(): Redis | null {
  if (globalForRedis.veilRedis !== undefined) return globalForRedis.veilRedis;
  const url = env().REDIS_URL;
  globalForRedis.veilRedis = url
    ? new Redis(url, {
        lazyConnect: false,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 2000,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      })
    : null;
  globalForRedis.veilRedis?.on("error", () => {}); // surfaced through readiness, not crash
  return globalForRedis.veilRedis;
}
