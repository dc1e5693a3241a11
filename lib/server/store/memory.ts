import "server-only";
import type { Store } from "./types";

// The single-instance store (no REDIS_URL): the same commands, kept in this process with Redis's
// meaning — a key lives until its TTL, an increment keeps the TTL the first one set, a set-if-
// absent is atomic (one thread). Bounded: expired keys are swept every SWEEP_MS, and when it is
// full even after a sweep a write fails (callers fail closed) rather than dropping a live key,
// since a dropped revocation would bring a token back.

const SWEEP_MS = 30_000;
export const MEMORY_STORE_MAX_KEYS = 1_000_000;

type Entry = { value: string; expiresAt: number };

export function memoryStore(opts: { maxKeys?: number; now?: () => number } = {}): Store {
  const maxKeys = opts.maxKeys ?? MEMORY_STORE_MAX_KEYS;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const sweep = () => {
    const t = now();
    for (const [key, e] of entries) if (e.expiresAt <= t) entries.delete(key);
  };
  setInterval(sweep, SWEEP_MS).unref();

  const live = (key: string): Entry | undefined => {
    const e = entries.get(key);
    if (e && e.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return e;
  };
  const room = (key: string) => {
    if (entries.has(key) || entries.size < maxKeys) return;
    sweep();
    if (entries.size >= maxKeys) throw new Error("in-memory store is full");
  };
  const incrBy = (key: string, by: number, ttlSeconds: number) => {
    const e = live(key);
    if (e) {
      const n = Number(e.value);
      if (!Number.isSafeInteger(n)) throw new Error("value is not an integer");
      e.value = String(n + by);
      return n + by;
    }
    room(key);
    entries.set(key, { value: String(by), expiresAt: now() + ttlSeconds * 1000 });
    return by;
  };

  return {
    shared: false,
    redis: null,
    incrWithTtl: async (key, ttl) => incrBy(key, 1, ttl),
    incrByWithTtl: async (key, by, ttl) => incrBy(key, by, ttl),
    get: async (key) => live(key)?.value ?? null,
    getMany: async (keys) => keys.map((k) => live(k)?.value ?? null),
    async setIfAbsent(key, value, ttl) {
      if (live(key)) return false;
      room(key);
      entries.set(key, { value, expiresAt: now() + ttl * 1000 });
      return true;
    },
    async set(key, value, ttl) {
      room(key);
      entries.set(key, { value, expiresAt: now() + ttl * 1000 });
    },
    async del(key) {
      entries.delete(key);
    },
    async ping() {},
  };
}
