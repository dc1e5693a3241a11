import type { Redis } from "ioredis";

/**
 * Short-lived shared state (rate limits, failure counters, single-use captcha solutions, revoked
 * token ids). One interface over either Redis (`REDIS_URL`, shared by all instances) or an
 * in-process store with the same meaning (./memory: single instance only). Request limits and
 * alert counts live in ./window-counter, which has a native memory store of its own.
 */
export type Store = {
  readonly shared: boolean;
  /** The Redis connection when shared (for libraries that speak Redis themselves), else null. */
  readonly redis: Redis | null;
  incrWithTtl(key: string, ttlSeconds: number): Promise<number>;
  /** Adds `by` (a fixed-window counter: the TTL is set by the first add only). */
  incrByWithTtl(key: string, by: number, ttlSeconds: number): Promise<number>;
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip, in order. */
  getMany(keys: string[]): Promise<(string | null)[]>;
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  ping(): Promise<void>;
};
