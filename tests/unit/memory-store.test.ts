// The single-instance store keeps Redis's meaning for the commands Veil uses (it replaced
// ioredis-mock, a test library that shipped to production): TTLs set once, atomic set-if-absent,
// expiry, and a bound that fails closed instead of forgetting a live key (a revocation).
import { describe, expect, it } from "vitest";
import { memoryStore } from "@/lib/server/store/memory";

function clockedStore(maxKeys?: number) {
  let t = 1_000_000;
  const s = memoryStore({ maxKeys, now: () => t });
  return { s, advance: (seconds: number) => (t += seconds * 1000) };
}

describe("in-memory store", () => {
  it("counts within a window whose TTL the first increment set", async () => {
    const { s, advance } = clockedStore();
    expect(await s.incrWithTtl("k", 10)).toBe(1);
    advance(6);
    expect(await s.incrWithTtl("k", 10)).toBe(2); // not extended by the second hit
    expect(await s.incrByWithTtl("k", -1, 10)).toBe(1);
    advance(5);
    expect(await s.get("k")).toBeNull();
    expect(await s.incrWithTtl("k", 10)).toBe(1);
  });

  it("sets a key once, until it expires", async () => {
    const { s, advance } = clockedStore();
    expect(await s.setIfAbsent("revoked:1", "1", 60)).toBe(true);
    expect(await s.setIfAbsent("revoked:1", "2", 60)).toBe(false);
    expect(await s.getMany(["revoked:1", "other"])).toEqual(["1", null]);
    advance(61);
    expect(await s.setIfAbsent("revoked:1", "3", 60)).toBe(true);
    await s.del("revoked:1");
    expect(await s.get("revoked:1")).toBeNull();
  });

  it("when full, refuses a new key rather than dropping a live one", async () => {
    const { s, advance } = clockedStore(2);
    await s.set("a", "1", 10);
    await s.setIfAbsent("revoked", "1", 100);
    await expect(s.incrWithTtl("c", 10)).rejects.toThrow(/full/);
    expect(await s.get("revoked")).toBe("1");
    advance(11); // "a" has expired: its room is reused
    expect(await s.incrWithTtl("c", 10)).toBe(1);
    expect(await s.get("revoked")).toBe("1");
  });

  it("refuses to increment a value that is not a number", async () => {
    const { s } = clockedStore();
    await s.set("json", '{"a":1}', 10);
    await expect(s.incrWithTtl("json", 10)).rejects.toThrow();
  });
});
