import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { PartnerPrincipal } from "@/lib/server/auth/principal";
import { recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { revokeRefreshFamilyByHash, spendRefreshTokenHash } from "@/lib/server/secret-accessors";
import { generationAlive, issueAccessToken, revokeTokenFamily } from "./tokens";

// Rotating opaque refresh tokens. Each is good once; the answer to a refresh is a new access token
// and a new refresh token of the same family. A spent token presented again means two parties
// hold it (one of them a thief): the family dies, access tokens included, and an alert is raised.

/**
 * A refresh token family lives a day from its first token, however often it rotates; then the
 * integration authenticates again with its client credentials (ASVS 10.4.8).
 */
export const REFRESH_TOKEN_SECONDS = 24 * 60 * 60;

/** 256 random bits: a fast hash suffices (nothing to brute-force). */
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type TokenPair = {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
  scope: string;
};

/**
 * A new access and refresh token for `partner`: a new family by default, or the next pair of
 * `family`, whose refresh token keeps the family's deadline (rotation never extends it).
 */
export async function issueTokenPair(
  partner: PartnerPrincipal,
  family: { id: string; expiresAt: Date } = {
    id: randomUUID(),
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_SECONDS * 1000),
  },
): Promise<TokenPair> {
  const familyId = family.id;
  const refresh = `vrt_${randomBytes(32).toString("base64url")}`;
  await db().refreshToken.create({
    data: {
      partnerId: partner.partnerId,
      familyId,
      tokenHash: hashToken(refresh),
      scopes: partner.scopes,
      secretGeneration: partner.secretGeneration,
      expiresAt: family.expiresAt,
    },
  });
  const { token, expiresIn } = await issueAccessToken(partner, familyId);
  return {
    access_token: token,
    token_type: "Bearer",
    expires_in: expiresIn,
    refresh_token: refresh,
    scope: partner.scopes.join(" "),
  };
}

type RefreshOutcome =
  { ok: true; pair: TokenPair } | { ok: false; error: "invalid_grant" | "invalid_scope" };

/**
 * `grant_type=refresh_token` for an authenticated client: spends the token (inside the
 * database) and issues the next pair of its family, optionally with narrower scopes.
 */
export async function refreshTokens(
  client: PartnerPrincipal,
  refreshToken: string,
  requestedScopes: string[],
): Promise<RefreshOutcome> {
  if (refreshToken.length > 200) return { ok: false, error: "invalid_grant" };
  const spent = await spendRefreshTokenHash(db(), hashToken(refreshToken), client.partnerId);
  if (spent.outcome === "reused") {
    await revokeTokenFamily(spent.familyId);
    await recordAudit({
      actor: client,
      action: "partner.refresh_reuse",
      outcome: "denied",
      target: { type: "partner", id: client.partnerId },
    });
    return { ok: false, error: "invalid_grant" };
  }
  if (spent.outcome !== "ok") return { ok: false, error: "invalid_grant" };
  const partner = await db().partner.findUnique({
    where: { id: client.partnerId },
    select: { secretGeneration: true, previousSecretUntil: true, scopes: true },
  });
  if (!partner || !generationAlive(partner, spent.generation))
    return { ok: false, error: "invalid_grant" };
  // Never wider than the family was granted, nor than the partner holds today.
  const allowed = spent.scopes.filter((s) => partner.scopes.includes(s));
  if (requestedScopes.some((s) => !allowed.includes(s)))
    return { ok: false, error: "invalid_scope" };
  const scopes = requestedScopes.length ? requestedScopes : allowed;
  // The family's absolute deadline is its first token's (every later one inherits it).
  const { _min } = await db().refreshToken.aggregate({
    where: { familyId: spent.familyId },
    _min: { expiresAt: true },
  });
  const family = { id: spent.familyId, expiresAt: _min.expiresAt! };
  return { ok: true, pair: await issueTokenPair({ ...client, scopes }, family) };
}

/** RFC 7009 for a refresh token of `client`: its family is revoked. False if not one of theirs. */
export async function revokeRefreshToken(
  client: PartnerPrincipal,
  refreshToken: string,
): Promise<boolean> {
  if (refreshToken.length > 200) return false;
  const family = await revokeRefreshFamilyByHash(db(), hashToken(refreshToken), client.partnerId);
  if (family) await revokeTokenFamily(family);
  return family !== null;
}
