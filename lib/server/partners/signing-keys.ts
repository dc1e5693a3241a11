import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { env } from "@/lib/env";
import { appendAudit } from "@/lib/server/audit/append";
import {
  requireCapability,
  type Principal,
  type SystemPrincipal,
} from "@/lib/server/auth/principal";
import { sessionKeys } from "@/lib/server/auth/session-keys";
import { db } from "@/lib/server/db";

// The keys that sign partner access tokens: ES256 pairs in the database, the private half sealed
// under a key derived from VEIL_SESSION_SECRET, the public halves published as a JWKS; rotation
// retires the old key after every token it signed has expired.

export const ACCESS_TOKEN_SECONDS = 10 * 60;
export const TOKEN_AUDIENCE = "veil-partner-api";
export const ALG = "ES256";
/** A retired key stays published and accepted until every token it signed has expired. */
const RETIRED_GRACE_MS = (ACCESS_TOKEN_SECONDS + 60) * 1000;
/** The first token ever issued creates the first key. */
const FIRST_USE: SystemPrincipal = { kind: "system", name: "token-signing" };

export function tokenIssuer() {
  return env().VEIL_PUBLIC_URL ?? "veil";
}

function seal(plain: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sessionKeys("token-signing-key-sealing")[0]!, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString("base64url")}`;
}

function unseal(sealed: string) {
  const raw = Buffer.from(sealed.slice(3), "base64url");
  for (const key of sessionKeys("token-signing-key-sealing")) {
    try {
      const d = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString("utf8");
    } catch {
      /* try the previous session secret */
    }
  }
  throw new Error("signing key cannot be opened with the configured session secret");
}

/** A new signing key becomes active; older ones retire (still published for the grace period). */
export async function rotateSigningKey(
  actor: Principal,
): Promise<{ kid: string; retired: number }> {
  requireCapability(actor, "partners.manage");
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const kid = `k_${randomBytes(9).toString("base64url")}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" };
  const privateJwk = await exportJWK(privateKey);
  return db().$transaction(async (tx) => {
    const { count } = await tx.signingKey.updateMany({
      where: { retiredAt: null },
      data: { retiredAt: new Date() },
    });
    await tx.signingKey.create({
      data: { kid, publicJwk, privateSealed: seal(JSON.stringify(privateJwk)) },
    });
    await appendAudit(tx, {
      actor,
      action: "keys.rotate_signing",
      target: { type: "signing_key", id: kid },
      detail: { kid, retired: count },
    });
    return { kid, retired: count };
  });
}

async function activeKey() {
  let key = await db().signingKey.findFirst({
    where: { retiredAt: null },
    orderBy: { createdAt: "desc" },
  });
  if (!key) {
    await rotateSigningKey(FIRST_USE);
    key = await db().signingKey.findFirstOrThrow({ where: { retiredAt: null } });
  }
  return key;
}

/** The public keys that verify tokens now: the active one and those retired within the grace. */
export async function publishedKeys(): Promise<{ keys: JWK[] }> {
  await activeKey();
  const rows = await db().signingKey.findMany({
    where: {
      OR: [{ retiredAt: null }, { retiredAt: { gt: new Date(Date.now() - RETIRED_GRACE_MS) } }],
    },
    orderBy: { createdAt: "desc" },
    select: { publicJwk: true },
  });
  return { keys: rows.map((r) => r.publicJwk as JWK) };
}

/** unsafe: the active private signing key (only token issuance, and tests forging tokens). */
export async function unsafeActiveSigningKey() {
  const key = await activeKey();
  return {
    kid: key.kid,
    privateKey: await importJWK(JSON.parse(unseal(key.privateSealed)) as JWK, ALG),
  };
}

const KEY_CACHE_MS = 60_000;
const keyCache = new Map<
  string,
  { at: number; key: CryptoKey | Uint8Array; retiredAt: Date | null }
>();

export async function verificationKey(kid: string) {
  let hit = keyCache.get(kid);
  if (!hit || Date.now() - hit.at > KEY_CACHE_MS) {
    const row = await db().signingKey.findUnique({
      where: { kid },
      select: { publicJwk: true, retiredAt: true },
    });
    if (!row) throw new Error("unknown key");
    hit = {
      at: Date.now(),
      key: await importJWK(row.publicJwk as JWK, ALG),
      retiredAt: row.retiredAt,
    };
    if (keyCache.size > 100) keyCache.clear();
    keyCache.set(kid, hit);
  }
  if (hit.retiredAt && hit.retiredAt.getTime() < Date.now() - RETIRED_GRACE_MS)
    throw new Error("retired key");
  return hit.key;
}
