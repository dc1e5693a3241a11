import "server-only";
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import {
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
} from "jose";
import { env } from "@/lib/env";
import { appendAudit } from "@/lib/server/audit/append";
import {
  requireCapability,
  type PartnerPrincipal,
  type Principal,
  type SystemPrincipal,
} from "@/lib/server/auth/principal";
import { sessionKeys } from "@/lib/server/auth/session-keys";
import { db } from "@/lib/server/db";
import { store } from "@/lib/server/store";
import { partnerRow, partnerVersionKey, toPartnerPrincipal } from "./principal";

// Partner access tokens: ES256 JWTs (algorithm pinned), ten minutes, with kid, iss, aud, sub, jti
// and scope. Signing keys live in the database with the private half sealed under a key derived
// from VEIL_SESSION_SECRET; the public halves are published as a JWKS. Revoked token ids are kept
// in the shared store until the token would have expired anyway.

export const ACCESS_TOKEN_SECONDS = 10 * 60;
export const TOKEN_AUDIENCE = "veil-partner-api";
const ALG = "ES256";
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

/**
 * An access token for `partner`, bound to its refresh-token family (`fid`: reuse of a spent
 * refresh token kills the family's access tokens too) and its secret generation (`gen`).
 */
export async function issueAccessToken(partner: PartnerPrincipal, familyId: string) {
  const { kid, privateKey } = await unsafeActiveSigningKey();
  const jti = randomUUID();
  const token = await new SignJWT({
    scope: partner.scopes.join(" "),
    fid: familyId,
    gen: partner.secretGeneration,
  })
    .setProtectedHeader({ alg: ALG, kid, typ: "at+jwt" })
    .setIssuer(tokenIssuer())
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(partner.partnerId)
    .setJti(jti)
    .setIssuedAt()
    .setNotBefore("0s")
    .setExpirationTime(`${ACCESS_TOKEN_SECONDS}s`)
    .sign(privateKey);
  return { token, jti, expiresIn: ACCESS_TOKEN_SECONDS };
}

const revokedKey = (jti: string) => `veil:revoked-jti:${jti}`;
const revokedFamilyKey = (familyId: string) => `veil:revoked-family:${familyId}`;

/** Every access token of a refresh-token family stops working on every instance. */
export async function revokeTokenFamily(familyId: string): Promise<void> {
  await store().setIfAbsent(revokedFamilyKey(familyId), "1", ACCESS_TOKEN_SECONDS + 60);
}

/**
 * Tokens live as long as the secret they were issued under: the current generation, or the
 * previous one while its overlap lasts.
 */
export function generationAlive(
  partner: { secretGeneration: number; previousSecretUntil: Date | null },
  generation: number,
): boolean {
  if (generation === partner.secretGeneration) return true;
  return (
    generation === partner.secretGeneration - 1 &&
    !!partner.previousSecretUntil &&
    partner.previousSecretUntil.getTime() > Date.now()
  );
}

/**
 * RFC 7009: a revoked token id is refused on every instance until the token would expire. Only
 * the partner a token was issued to may revoke it; false for anything else (nothing to do).
 */
export async function revokeAccessToken(token: string, partnerId: string): Promise<boolean> {
  const claims = await verifiedClaims(token);
  if (!claims?.jti || !claims.exp || claims.sub !== partnerId) return false;
  const ttl = Math.max(1, claims.exp - Math.floor(Date.now() / 1000));
  await store().setIfAbsent(revokedKey(claims.jti), "1", ttl);
  return true;
}

// Every partner request verifies a token: public keys are cached per process for a minute
// (a retirement is seen within that minute; the grace period is far longer).
const KEY_CACHE_MS = 60_000;
const keyCache = new Map<
  string,
  { at: number; key: CryptoKey | Uint8Array; retiredAt: Date | null }
>();

async function verificationKey(kid: string) {
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

async function verifiedClaims(token: string): Promise<JWTPayload | null> {
  if (token.length > 4096) return null;
  try {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        if (header.alg !== ALG || typeof header.kid !== "string") throw new Error("bad header");
        return verificationKey(header.kid);
      },
      {
        algorithms: [ALG],
        // Only access tokens (RFC 9068): a JWT of another kind signed by the same key is refused.
        typ: "at+jwt",
        issuer: tokenIssuer(),
        audience: TOKEN_AUDIENCE,
        requiredClaims: ["jti", "sub", "exp", "iat", "nbf", "fid", "gen"],
        clockTolerance: 5,
      },
    );
    return payload;
  } catch {
    return null;
  }
}

/**
 * The partner a bearer token speaks for, or null: signature (ES256 only, known kid), issuer,
 * audience, lifetime, not revoked, and the partner still enabled with the token's scopes.
 */
export async function partnerFromAccessToken(
  token: string,
  ctx: { ip: string | null; requestId: string | null },
): Promise<PartnerPrincipal | null> {
  const claims = await verifiedClaims(token);
  if (!claims?.sub || !claims.jti || typeof claims.fid !== "string") return null;
  if (typeof claims.gen !== "number") return null;
  const [revoked, familyRevoked, version] = await store().getMany([
    revokedKey(claims.jti),
    revokedFamilyKey(claims.fid),
    partnerVersionKey(claims.sub),
  ]);
  if (revoked || familyRevoked) return null;
  const partner = await partnerRow(claims.sub, version ?? null);
  if (!partner || partner.disabled || !generationAlive(partner, claims.gen)) return null;
  const granted = String(claims.scope ?? "").split(" ");
  return toPartnerPrincipal(
    partner,
    // A scope removed from the partner since the token was issued no longer counts.
    { scopes: partner.scopes.filter((s) => granted.includes(s)), secretGeneration: claims.gen },
    ctx,
  );
}
