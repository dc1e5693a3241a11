import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

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
    cipher.setAAD(Buffer.from(`dek|${context}`));
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
    decipher.setAAD(Buffer.from(`dek|${context}`));
    decipher.setAuthTag(wrapped.subarray(12, 28));
    const dataKey = decipher.update(wrapped.subarray(28));
    decipher.final(); // throws unless the tag verifies
    return dataKey;
  }
}

let cached: { spec: string; ring: KeyProvider } | null = null;
export function keyProvider(): KeyProvider {
  const spec = env().VEIL_MASTER_KEYS!;
  if (cached?.spec !== spec) cached = { spec, ring: new EnvKeyRing(spec) };
  return cached.ring;
}
