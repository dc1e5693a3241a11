import "server-only";
import { LRUCache } from "lru-cache";
import { metrics } from "@/lib/server/metrics";
import type { KeyProvider } from "./keyring";

/**
 * Unwrapped data keys kept in process memory, bounded by age (`ttlMs`) and count (`max`), evicted
 * least-recently-used and zeroed on the way out; `max` 0 turns it off. An entry is keyed by the
 * wrapped bytes themselves, so a re-wrapped key is a different entry, and `forget` drops a
 * customer's at once (erasure; other instances hear of it through ./forget-bus). Should that
 * message be lost, `ttlMs` bounds how long an erased customer's key may survive in memory
 * anywhere (docs/operations.md).
 * Callers get a copy (they zero what they are given).
 */
export class DataKeyCache implements KeyProvider {
  private readonly cache: LRUCache<string, Buffer> | null;
  private readonly byCustomer = new Map<string, Set<string>>();

  constructor(
    private readonly inner: KeyProvider,
    private readonly opts: {
      max: number;
      ttlMs: number;
      provider: string;
      /** Whether a new entry may be kept now (false: the key is used and not cached). */
      mayCache?: () => boolean;
    },
  ) {
    this.cache =
      opts.max > 0
        ? new LRUCache<string, Buffer>({
            max: opts.max,
            ttl: opts.ttlMs,
            ttlAutopurge: true,
            dispose: (key, entry) => {
              key.fill(0);
              const context = entry.slice(0, entry.indexOf("\u0000"));
              this.byCustomer.get(context)?.delete(entry);
              if (this.byCustomer.get(context)?.size === 0) this.byCustomer.delete(context);
            },
          })
        : null;
  }

  get activeKeyId() {
    return this.inner.activeKeyId;
  }
  has(keyId: string) {
    return this.inner.has(keyId);
  }
  /** The cache's bounds, for `veil keys:status`. */
  get settings() {
    return { max: this.opts.max, ttlSeconds: this.opts.ttlMs / 1000, size: this.cache?.size ?? 0 };
  }

  async wrap(dataKey: Buffer, context: string) {
    this.count("wrap");
    return this.inner.wrap(dataKey, context);
  }

  async unwrap(keyId: string, wrapped: Buffer, context: string) {
    return (await this.unwrapMany([{ keyId, wrapped, context }]))[0]!;
  }

  /** Hits from memory; the misses in one batched call to the provider. */
  async unwrapMany(items: { keyId: string; wrapped: Buffer; context: string }[]) {
    const out: (Buffer | undefined)[] = new Array(items.length);
    const misses: number[] = [];
    const entries = items.map(
      // latin1: the bytes as they are, one character each (no encoding work per row).
      (i) => `${i.context}\u0000${i.keyId}\u0000${i.wrapped.toString("latin1")}`,
    );
    items.forEach((_, i) => {
      const hit = this.cache?.get(entries[i]!);
      if (hit) out[i] = Buffer.from(hit);
      else misses.push(i);
    });
    const m = metrics();
    m.dekCache.inc({ outcome: "hit" }, items.length - misses.length);
    if (misses.length) {
      m.dekCache.inc({ outcome: "miss" }, misses.length);
      this.count("unwrap", misses.length);
      const keys = await this.inner.unwrapMany(misses.map((i) => items[i]!));
      const keep = this.cache !== null && this.opts.mayCache?.() !== false;
      misses.forEach((i, j) => {
        const key = keys[j]!;
        out[i] = keep ? Buffer.from(key) : key;
        if (keep) {
          this.cache!.set(entries[i]!, key);
          const context = items[i]!.context;
          if (!this.byCustomer.has(context)) this.byCustomer.set(context, new Set());
          this.byCustomer.get(context)!.add(entries[i]!);
        }
      });
    }
    return out as Buffer[];
  }

  /** Whether a key of this customer is in memory (operations and the cross-instance test). */
  holds(context: string): boolean {
    return this.byCustomer.has(context);
  }

  /** Drops every cached key of one customer now (erasure, re-wrap). */
  forget(context: string) {
    for (const entry of [...(this.byCustomer.get(context) ?? [])]) this.cache?.delete(entry);
    this.byCustomer.delete(context);
  }

  clear() {
    this.cache?.clear();
    this.byCustomer.clear();
  }

  private count(op: "wrap" | "unwrap", n = 1) {
    metrics().keyProviderCalls.inc({ provider: this.opts.provider, op }, n);
  }
}
