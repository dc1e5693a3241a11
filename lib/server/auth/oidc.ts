import "server-only";
import { headers } from "next/headers";
import type { Account, Profile, User } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import { env, type Env } from "@/lib/env";
import { recordAudit } from "@/lib/server/audit/append";
import { logger, logUnexpected } from "@/lib/server/log";
import { store } from "@/lib/server/store";
import { idpSessionKey } from "./backchannel-logout";
import { ABSOLUTE_TIMEOUT_SECONDS } from "./session-state";
import { decideSsoSignIn, groupsFromClaim, type SsoResult } from "./sso";

// The identity provider as a next-auth OAuth provider: OpenID Connect discovery, authorization
// code with PKCE, `state` and `nonce`; openid-client checks the ID token's signature against the
// issuer's JWKS, its issuer, audience, expiry and nonce before Veil sees a claim.

export const OIDC_PROVIDER_ID = "oidc";

type Claims = Profile & Record<string, unknown>;

/** The provider, when `VEIL_OIDC_ISSUER` is set (env validation required the rest). */
export function oidcProvider(e: Env): OAuthConfig<Claims> | null {
  if (!e.VEIL_OIDC_ISSUER || !e.VEIL_OIDC_CLIENT_ID || !e.VEIL_OIDC_CLIENT_SECRET) return null;
  const issuer = e.VEIL_OIDC_ISSUER.replace(/\/+$/, "");
  return {
    id: OIDC_PROVIDER_ID,
    name: e.VEIL_OIDC_NAME,
    type: "oauth",
    wellKnown: `${issuer}/.well-known/openid-configuration`,
    clientId: e.VEIL_OIDC_CLIENT_ID,
    clientSecret: e.VEIL_OIDC_CLIENT_SECRET,
    authorization: { params: { scope: e.VEIL_OIDC_SCOPES } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    // The Veil user is decided in the signIn callback; this only names the subject.
    profile: (claims) => ({ id: String(claims.sub) }),
  };
}

/** What the sign-in page shows of single sign-on: its name, when it is configured. */
export function ssoSettings(e: Env = env()): { name: string } | null {
  return oidcProvider(e) ? { name: e.VEIL_OIDC_NAME } : null;
}

/** The Veil account an SSO sign-in resolved to, carried from signIn to the jwt callback. */
const resolved = new WeakMap<User, Extract<SsoResult, { ok: true }>["user"]>();

export function ssoUserOf(user: User) {
  return resolved.get(user) ?? null;
}

/**
 * next-auth's signIn callback for the identity provider: true to go on, or the sign-in page with
 * the refusal's code (audited by `decideSsoSignIn`).
 */
export async function ssoSignIn(
  e: Env,
  { user, account, profile }: { user: User; account: Account | null; profile?: Profile },
): Promise<true | string> {
  if (account?.provider !== OIDC_PROVIDER_ID) return true;
  const claims = (profile ?? {}) as Claims;
  const h = await headers();
  const result = await decideSsoSignIn(
    {
      issuer: String(claims.iss ?? ""),
      subject: String(claims.sub ?? ""),
      email: typeof claims.email === "string" ? claims.email : null,
      name: typeof claims.name === "string" ? claims.name : null,
      groups: groupsFromClaim(claims[e.VEIL_OIDC_GROUPS_CLAIM]),
    },
    e,
    {
      ip: h.get("x-veil-client-ip"),
      userAgent: h.get("user-agent"),
      requestId: h.get("x-request-id"),
    },
  );
  if (!result.ok) return `/login?error=${result.code}`;
  // For back-channel logout tokens that name the provider's session rather than the person.
  if (typeof claims.sid === "string" && claims.sid.length <= 255)
    await store().set(idpSessionKey(claims.sid), result.user.id, ABSOLUTE_TIMEOUT_SECONDS);
  resolved.set(user, result.user);
  return true;
}

/**
 * The identity provider's answer failed a check (ID token signature, issuer, audience, expiry or
 * nonce; state or PKCE): nobody is signed in. Recorded as a refused sign-in, with the address.
 */
export async function ssoResponseRefused(): Promise<void> {
  const h = await headers();
  logger().warn({ code: "OAUTH_CALLBACK_ERROR" }, "single sign-on answer refused");
  await recordAudit({
    actor: { kind: "anonymous", ip: h.get("x-veil-client-ip"), requestId: h.get("x-request-id") },
    action: "auth.login",
    outcome: "denied",
    detail: { reason: "invalid_response", via: "sso" },
  }).catch((err: unknown) => logUnexpected(err, h.get("x-request-id"), "audit failed"));
}
