import "server-only";
import { Redis } from "ioredis";
import { env } from "@/lib/env";
import { logger } from "@/lib/server/log";
import { memoryStore } from "./memory";
import type { Store } from "./types";

export type { Store } from "./types";

function redisStore(client: Redis): Store {
  return {
    shared: true,
    redis: client,
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
    globalForStore.veilStore = redisStore(client);
  } else {
    globalForStore.veilStore = memoryStore();
  }
  return globalForStore.veilStore;
}
