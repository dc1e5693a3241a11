import "server-only";
import { createHash } from "node:crypto";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { store } from "@/lib/server/store";
import { forgetSessionUser } from "./session-state";
import { SSO_ACTOR } from "./sso";

// OpenID Connect Back-Channel Logout 1.0: when the identity provider ends someone's session it
// posts a signed logout token here, and every Veil session of that person ends (on every
// instance: the session version is checked against the database). The token is checked as the
// spec says (§2.6): signature from the issuer's keys, issuer, audience, a recent `iat`, the
// logout event, `sub` or `sid`, no `nonce`, and a `jti` never seen before.

const EVENT = "http://schemas.openid.net/event/backchannel-logout";
const SEEN_JTI_SECONDS = 600;
/** Where an IdP session id points, set at SSO sign-in (for tokens that carry only `sid`). */
export const idpSessionKey = (sid: string) =>
  `veil:idp-sid:${createHash("sha256").update(sid).digest("hex")}`;

const globalForKeys = globalThis as unknown as {
  veilIdpKeys?: { issuer: string; keys: ReturnType<typeof createRemoteJWKSet> };
};

async function issuerKeys(issuer: string) {
  const cached = globalForKeys.veilIdpKeys;
  if (cached?.issuer === issuer) return cached.keys;
  const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(3000),
  });
  const { jwks_uri } = (await res.json()) as { jwks_uri?: string };
  if (!res.ok || !jwks_uri) throw new Error("no jwks_uri in the issuer's discovery document");
  const keys = createRemoteJWKSet(new URL(jwks_uri));
  globalForKeys.veilIdpKeys = { issuer, keys };
  return keys;
}

export class LogoutTokenRefused extends Error {}

/** Verifies a logout token; its claims, or LogoutTokenRefused with the reason (for the log). */
export async function verifyLogoutToken(token: string): Promise<JWTPayload> {
  const e = env();
  if (!e.VEIL_OIDC_ISSUER || !e.VEIL_OIDC_CLIENT_ID)
    throw new LogoutTokenRefused("single sign-on is not configured");
  const issuer = e.VEIL_OIDC_ISSUER.replace(/\/+$/, "");
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(token, await issuerKeys(issuer), {
      issuer,
      audience: e.VEIL_OIDC_CLIENT_ID,
      maxTokenAge: "5m",
      clockTolerance: 30,
    }));
  } catch (err) {
    throw new LogoutTokenRefused(
      `not a valid token: ${(err as { code?: string }).code ?? "error"}`,
    );
  }
  const events = claims.events as Record<string, unknown> | undefined;
  if (!events || typeof events[EVENT] !== "object") throw new LogoutTokenRefused("no logout event");
  if ("nonce" in claims) throw new LogoutTokenRefused("a nonce (an ID token, not a logout token)");
  if (typeof claims.sub !== "string" && typeof claims.sid !== "string")
    throw new LogoutTokenRefused("neither sub nor sid");
  if (typeof claims.jti !== "string" || !claims.jti) throw new LogoutTokenRefused("no jti");
  const fresh = await store().setIfAbsent(
    `veil:bcl-jti:${createHash("sha256").update(claims.jti).digest("hex")}`,
    "1",
    SEEN_JTI_SECONDS,
  );
  if (!fresh) throw new LogoutTokenRefused("replayed (jti seen before)");
  return claims;
}

/**
 * Ends every session of the person a verified logout token names. Unknown people are fine (they
 * never signed in to Veil): the provider still gets its 200.
 */
export async function endSessionsForLogout(
  claims: JWTPayload,
  ctx: { requestId: string | null },
): Promise<boolean> {
  const issuer = String(claims.iss);
  const userId =
    typeof claims.sub === "string"
      ? (
          await db().user.findUnique({
            where: { ssoIssuer_ssoSubject: { ssoIssuer: issuer, ssoSubject: claims.sub } },
            select: { id: true },
          })
        )?.id
      : await store().get(idpSessionKey(String(claims.sid)));
  if (!userId) return false;
  await db().user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  forgetSessionUser(userId);
  await recordAudit({
    actor: SSO_ACTOR,
    action: "auth.sso_logout",
    target: { type: "user", id: userId },
  });
  logger().info({ requestId: ctx.requestId }, "sessions ended by the identity provider");
  return true;
}
