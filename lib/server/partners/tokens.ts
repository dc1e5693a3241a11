import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";
import { LRUCache } from "lru-cache";
import type { PartnerPrincipal } from "@/lib/server/auth/principal";
import { store } from "@/lib/server/store";
import { partnerRow, partnerVersionKey, toPartnerPrincipal } from "./principal";
import {
  ACCESS_TOKEN_SECONDS,
  ALG,
  TOKEN_AUDIENCE,
  tokenIssuer,
  unsafeActiveSigningKey,
  verificationKey,
} from "./signing-keys";

// Partner access tokens: ES256 JWTs (algorithm pinned), ten minutes, with kid, iss, aud, sub, jti
// and scope, signed with the keys of signing-keys.ts. Revoked token ids are kept in the shared
// store until the token would have expired anyway.

export {
  ACCESS_TOKEN_SECONDS,
  publishedKeys,
  rotateSigningKey,
  TOKEN_AUDIENCE,
  tokenIssuer,
  unsafeActiveSigningKey,
} from "./signing-keys";

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
async function verifyToken(token: string): Promise<{ claims: JWTPayload; kid: string } | null> {
  try {
    const { payload, protectedHeader } = await jwtVerify(
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
    return { claims: payload, kid: protectedHeader.kid! };
  } catch {
    return null;
  }
}

// A token that verified is remembered, by its digest, until it expires: the signature check
// (ECDSA P-256) was the costliest step of a partner request, and an integration sends the same
// token for its ten minutes. Only verified tokens enter, so a flood of forged ones fills
// nothing. Its signing key's retirement is still checked on every use (that key's cache), and
// revocation, the partner's state and its scopes are read per request after this, as before.
const verified = new LRUCache<string, { kid: string; claims: JWTPayload }>({
  max: 10_000,
  ttl: ACCESS_TOKEN_SECONDS * 1000,
});

async function verifiedClaims(token: string): Promise<JWTPayload | null> {
  if (token.length > 4096) return null;
  const digest = createHash("sha256").update(token).digest("base64url");
  const hit = verified.get(digest);
  if (hit) {
    const alive = (hit.claims.exp ?? 0) * 1000 > Date.now();
    const keyUsable = await verificationKey(hit.kid).then(
      () => true,
      () => false,
    );
    if (alive && keyUsable) return hit.claims;
    verified.delete(digest);
    return null;
  }
  const checked = await verifyToken(token);
  if (!checked?.claims.exp) return null; // `exp` is required: verification refused it already
  const { claims } = checked;
  verified.set(digest, checked, { ttl: Math.max(1, claims.exp! * 1000 - Date.now()) });
  return claims;
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
