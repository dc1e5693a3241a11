import { describe, expect, it } from "vitest";
import { countHit, hitsSoFar } from "@/lib/server/store/window-counter";

// The counters live on globalThis, shared by every bundle Next builds (the middleware has its own
// copy of each library). A counter made by another bundle answers with that bundle's class; the
// production sign-in broke ("briefly unavailable") when that was judged by `instanceof`.
class OtherBundlesResult {
  constructor(
    readonly consumedPoints: number,
    readonly msBeforeNext: number,
  ) {}
}

function counterFromAnotherBundle(name: string) {
  const hits = new Map<string, number>();
  const counters = ((
    globalThis as { veilWindowCounters?: Map<string, unknown> }
  ).veilWindowCounters ??= new Map());
  counters.set(name, {
    consume: async (key: string) => {
      hits.set(key, (hits.get(key) ?? 0) + 1);
      return new OtherBundlesResult(hits.get(key)!, 30_000);
    },
    get: async (key: string) =>
      hits.has(key) ? new OtherBundlesResult(hits.get(key)!, 30_000) : null,
  });
}

describe("window counters shared across bundles", () => {
  it("judge a result of another bundle's class like their own", async () => {
    counterFromAnotherBundle("test:other-bundle:60");
    const first = await countHit("test:other-bundle", 60, "k", 2);
    expect(first).toEqual({ allowed: true, allowance: 2, remaining: 1, resetSeconds: 30 });
    await countHit("test:other-bundle", 60, "k", 2);
    expect((await countHit("test:other-bundle", 60, "k", 2)).allowed).toBe(false);
    expect(await hitsSoFar("test:other-bundle", 60, "k")).toBe(3);
  });

  it("still refuse an answer that is not a count (callers fail closed)", async () => {
    const counters = (globalThis as { veilWindowCounters?: Map<string, unknown> })
      .veilWindowCounters!;
    counters.set("test:broken:60", { consume: async () => ({ ok: true }) });
    await expect(countHit("test:broken", 60, "k", 2)).rejects.toThrow(/unexpectedly/);
  });
});
