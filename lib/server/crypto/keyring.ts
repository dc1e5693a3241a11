import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Wraps and unwraps per-customer data keys. The env key ring implements it; a KMS (AWS KMS,
 * Vault transit…) can implement the same three members without touching callers.
 */
export interface KeyProvider {
  readonly activeKeyId: string;
  wrap(dataKey: Buffer, context: string): Promise<{ keyId: string; wrapped: Buffer }>;
  unwrap(keyId: string, wrapped: Buffer, context: string): Promise<Buffer>;
  /** A page of keys at once (one call to a KMS, or one promise instead of one per row). */
  unwrapMany(items: { keyId: string; wrapped: Buffer; context: string }[]): Promise<Buffer[]>;
  has(keyId: string): boolean;
}

/** What a wrapped data key is bound to, whichever provider wraps it: its customer. */
export const dataKeyAad = (context: string) => Buffer.from(`dek|${context}`);

/** `VEIL_MASTER_KEYS="k2:base64,k1:base64"`: the first key wraps, every listed key unwraps. */
export class EnvKeyRing implements KeyProvider {
  private readonly keys: Map<string, Buffer>;
  readonly activeKeyId: string;

  constructor(spec: string) {
    const entries = spec.split(",").map((part) => {
      const [id, b64] = part.trim().split(":");
      const key = Buffer.from(b64 ?? "", "base64");
      if (!id || key.length !== 32)
        throw new Error("VEIL_MASTER_KEYS: every key must be id:<32 bytes base64>");
      return [id, key] as const;
    });
    this.keys = new Map(entries);
    this.activeKeyId = entries[0]![0];
  }

  has(keyId: string) {
    return this.keys.has(keyId);
  }

  async wrap(dataKey: Buffer, context: string) {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.activeKeyId)!, iv);
    cipher.setAAD(dataKeyAad(context));
    const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { keyId: this.activeKeyId, wrapped: Buffer.concat([iv, cipher.getAuthTag(), ct]) };
  }

  async unwrap(keyId: string, wrapped: Buffer, context: string) {
    return this.unwrapNow(keyId, wrapped, context);
  }

  async unwrapMany(items: { keyId: string; wrapped: Buffer; context: string }[]) {
    return items.map((i) => this.unwrapNow(i.keyId, i.wrapped, i.context));
  }

  private unwrapNow(keyId: string, wrapped: Buffer, context: string) {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`master key "${keyId}" is not in the key ring`);
    const decipher = createDecipheriv("aes-256-gcm", key, wrapped.subarray(0, 12));
    decipher.setAAD(dataKeyAad(context));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    const dataKey = decipher.update(wrapped.subarray(28));
    decipher.final(); // throws unless the tag verifies
    return dataKey;
  }
}

/**
 * Several providers as one: the first wraps (the active key); each unwraps the keys it holds. This
 * is how data keys move from env keys to the HSM: both are listed until `keys:rotate` is done.
 */
export class CompositeKeyProvider implements KeyProvider {
  constructor(private readonly providers: KeyProvider[]) {}
  get activeKeyId() {
    return this.providers[0]!.activeKeyId;
  }
  has(keyId: string) {
    return this.providers.some((p) => p.has(keyId));
  }
  private holder(keyId: string): KeyProvider {
    const p = this.providers.find((q) => q.has(keyId));
    if (!p) throw new Error(`master key "${keyId}" is held by no key provider`);
    return p;
  }
  wrap(dataKey: Buffer, context: string) {
    return this.providers[0]!.wrap(dataKey, context);
  }
  unwrap(keyId: string, wrapped: Buffer, context: string) {
    return this.holder(keyId).unwrap(keyId, wrapped, context);
  }
  async unwrapMany(items: { keyId: string; wrapped: Buffer; context: string }[]) {
    const out: Buffer[] = new Array(items.length);
    const byHolder = new Map<KeyProvider, number[]>();
    items.forEach((item, i) => {
      const p = this.holder(item.keyId);
      byHolder.set(p, [...(byHolder.get(p) ?? []), i]);
    });
    for (const [p, indexes] of byHolder) {
      const keys = await p.unwrapMany(indexes.map((i) => items[i]!));
      indexes.forEach((i, j) => (out[i] = keys[j]!));
    }
    return out;
  }
}
