import "server-only";
import { env, type Env } from "@/lib/env";
import { AppError } from "@/lib/server/errors";
import { DataKeyCache } from "./dek-cache";
import { hearsErasures, listenForForgottenKeys } from "./forget-bus";
import { CompositeKeyProvider, EnvKeyRing, type KeyProvider } from "./keyring";
import { pkcs11ConfigFrom } from "./pkcs11-config";
import { Pkcs11KeyProvider } from "./pkcs11-provider";

// The process's key provider, chosen by VEIL_KEY_PROVIDER, behind the bounded data-key cache.
// `env`: the master keys of VEIL_MASTER_KEYS. `pkcs11`: the HSM's keys wrap; env keys, while
// still listed, only unwrap (data keys not yet rotated into the HSM).

type Built = { signature: string; provider: DataKeyCache; hsm: Pkcs11KeyProvider | null };
const KEY = Symbol.for("veil.keyProvider");

function signature(e: Env) {
  return [
    e.VEIL_KEY_PROVIDER,
    e.VEIL_MASTER_KEYS,
    e.VEIL_PKCS11_MODULE,
    e.VEIL_PKCS11_TOKEN_LABEL,
    e.VEIL_PKCS11_KEY_LABELS,
    e.VEIL_DEK_CACHE_MAX,
    e.VEIL_DEK_CACHE_TTL_S,
  ].join("|");
}

function build(e: Env): Built {
  const envRing = e.VEIL_MASTER_KEYS ? new EnvKeyRing(e.VEIL_MASTER_KEYS) : null;
  let inner: KeyProvider;
  let hsm: Pkcs11KeyProvider | null = null;
  if (e.VEIL_KEY_PROVIDER === "pkcs11") {
    try {
      hsm = Pkcs11KeyProvider.open(pkcs11ConfigFrom(e));
    } catch (err) {
      // Serving: a 503 (nothing can be unwrapped); starting: the launcher prints the message.
      throw new AppError("UNAVAILABLE", `HSM: ${(err as Error).message}`);
    }
    inner = envRing ? new CompositeKeyProvider([hsm, envRing]) : hsm;
  } else {
    if (!envRing) throw new Error("VEIL_MASTER_KEYS is not set");
    inner = envRing;
  }
  const provider = new DataKeyCache(inner, {
    max: e.VEIL_DEK_CACHE_MAX,
    ttlMs: e.VEIL_DEK_CACHE_TTL_S * 1000,
    provider: e.VEIL_KEY_PROVIDER,
    // Kept only while an erasure elsewhere would reach this process (./forget-bus).
    mayCache: hearsErasures,
  });
  return { signature: signature(e), provider, hsm };
}

/** The key provider every data-key wrap and unwrap goes through (one per process and settings). */
export function keyProvider(): DataKeyCache {
  const e = env();
  const g = globalThis as { [KEY]?: Built };
  const current = g[KEY];
  if (current?.signature === signature(e)) return current.provider;
  current?.provider.clear();
  current?.hsm?.close();
  g[KEY] = build(e);
  listenForForgottenKeys({ forget: forgetDataKey, forgetAll: () => g[KEY]?.provider.clear() });
  return g[KEY].provider;
}

/** The HSM provider when VEIL_KEY_PROVIDER=pkcs11 (the CLI's key ceremony), else null. */
export function hsmProvider(): Pkcs11KeyProvider | null {
  keyProvider();
  return (globalThis as { [KEY]?: Built })[KEY]!.hsm;
}

/** Drops a customer's cached data key at once (erasure, re-wrap): nothing may outlive them here. */
export function forgetDataKey(customerId: string) {
  const g = globalThis as { [KEY]?: Built };
  g[KEY]?.provider.forget(customerId);
}
