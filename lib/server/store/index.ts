import "server-only";
import { Redis } from "ioredis";
import RedisMock from "ioredis-mock";
import { env } from "@/lib/env";
import { logger } from "@/lib/server/log";

/**
 * Short-lived shared state (rate limits, failure counters, single-use captcha solutions, revoked
 * token ids). One interface over either Redis (`REDIS_URL`, shared by all instances) or an
 * in-process Redis emulation (single instance only) for these plain commands. Request limits and
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

export function storeOver(client: Redis, shared: boolean): Store {
  return {
    shared,
    redis: shared ? client : null,
    async incrWithTtl(key, ttl) {
      const [[, n]] = (await client.multi().incr(key).expire(key, ttl, "NX").exec()) as [
        [null, number],
      ];
      return n;
    },
    async incrByWithTtl(key, by, ttl) {
      const [[, n]] = (await client.multi().incrby(key, by).expire(key, ttl, "NX").exec()) as [
        [null, number],
      ];
      return n;
    },
    get: (key) => client.get(key),
    getMany: (keys) => client.mget(...keys),
    async setIfAbsent(key, value, ttl) {
      return (await client.set(key, value, "EX", ttl, "NX")) === "OK";
    },
    async set(key, value, ttl) {
      await client.set(key, value, "EX", ttl);
    },
    async del(key) {
      await client.del(key);
    },
    async ping() {
      await client.ping();
    },
  };
}

const globalForStore = globalThis as unknown as { veilStore?: Store };

export function store(): Store {
  if (globalForStore.veilStore) return globalForStore.veilStore;
  const url = env().REDIS_URL;
  if (url) {
    // Commands wait for the (re)connection at most 2 s, then fail: callers fail closed.
    const client = new Redis(url, {
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    client.on("error", (err) => logger().warn({ err: err.message }, "redis error"));
    globalForStore.veilStore = storeOver(client, true);
  } else {
    globalForStore.veilStore = storeOver(new RedisMock() as unknown as Redis, false);
  }
  return globalForStore.veilStore;
}
