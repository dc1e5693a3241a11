import { describe, expect, it, vi } from "vitest";
import { DataKeyCache } from "@/lib/server/crypto/dek-cache";
import { EnvKeyRing } from "@/lib/server/crypto/keyring";

const ring = new EnvKeyRing(`k1:${Buffer.alloc(32, 1).toString("base64")}`);

async function wrapped(context: string) {
  const key = Buffer.alloc(32, context.length);
  return { keyId: "k1", wrapped: (await ring.wrap(key, context)).wrapped, context };
}

function cacheOf(max: number, ttlMs = 60_000) {
  const unwrapMany = vi.spyOn(ring, "unwrapMany");
  unwrapMany.mockClear();
  return { cache: new DataKeyCache(ring, { max, ttlMs, provider: "env" }), unwrapMany };
}

describe("the data-key cache", () => {
  it("unwraps the misses of a page in one call, serves the rest from memory, and hands out copies", async () => {
    const { cache, unwrapMany } = cacheOf(10);
    const items = await Promise.all(["a", "bb", "ccc"].map(wrapped));
    const first = await cache.unwrapMany(items);
    expect(unwrapMany).toHaveBeenCalledTimes(1);
    first[0]!.fill(0); // a caller zeroing its key must not zero the cached one
    const again = await cache.unwrapMany(items);
    expect(unwrapMany).toHaveBeenCalledTimes(1);
    expect(again[0]).toEqual(Buffer.alloc(32, 1));
  });

  it("evicts the least recently used beyond its size, and zeroes the key it evicts", async () => {
    const { cache, unwrapMany } = cacheOf(2);
    const held: Buffer[] = [];
    unwrapMany.mockImplementation(async (items) => {
      const keys = await Promise.all(items.map((i) => ring.unwrap(i.keyId, i.wrapped, i.context)));
      held.push(...keys); // the very buffers the cache keeps
      return keys;
    });
    const [a, b, c] = await Promise.all(["a", "bb", "ccc"].map(wrapped));
    await cache.unwrapMany([a!, b!]);
    await cache.unwrapMany([b!]); // b is now the most recently used
    await cache.unwrapMany([c!]); // evicts a
    expect(cache.settings.size).toBe(2);
    expect(held[0]).toEqual(Buffer.alloc(32, 0)); // a's key, zeroed on its way out
    expect(held[1]).toEqual(Buffer.alloc(32, 2)); // b's, still held
    unwrapMany.mockClear();
    await cache.unwrapMany([a!]);
    expect(unwrapMany).toHaveBeenCalledTimes(1); // a was gone: unwrapped again
    unwrapMany.mockRestore();
  });

  it("forgets a customer's key at once, expires keys after their time, and is off at size 0", async () => {
    {
      const { cache, unwrapMany } = cacheOf(10, 50);
      const a = await wrapped("a");
      await cache.unwrapMany([a]);
      cache.forget("a");
      await cache.unwrapMany([a]);
      expect(unwrapMany).toHaveBeenCalledTimes(2);
      await new Promise((r) => setTimeout(r, 120));
      await cache.unwrapMany([a]);
      expect(unwrapMany).toHaveBeenCalledTimes(3);

      const off = cacheOf(0);
      await off.cache.unwrapMany([a]);
      await off.cache.unwrapMany([a]);
      expect(off.unwrapMany).toHaveBeenCalledTimes(2);
    }
  });
});
