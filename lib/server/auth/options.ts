import "server-only";
import { randomUUID } from "node:crypto";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { SESSION_COOKIE_OPTIONS } from "@/lib/security/route-gate";
import { SESSION_COOKIE } from "./cookies";
import { logger, logUnexpected } from "@/lib/server/log";
import { attemptLogin } from "./login";
import { ABSOLUTE_TIMEOUT_SECONDS, revokeSession } from "./session-state";
import { markSteppedUp } from "./step-up";
import { OIDC_PROVIDER_ID, oidcProvider, ssoResponseRefused, ssoSignIn, ssoUserOf } from "./oidc";

function header(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const v = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

export function authOptions(): AuthOptions {
  const e = env();
  const sso = oidcProvider(e);
  return {
    secret: e.VEIL_AUTH_SECRET,
    session: { strategy: "jwt", maxAge: ABSOLUTE_TIMEOUT_SECONDS },
    useSecureCookies: true,
    cookies: {
      sessionToken: {
        name: SESSION_COOKIE,
        options: SESSION_COOKIE_OPTIONS,
      },
    },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Veil",
        credentials: { email: {}, password: {}, totp: {}, altcha: {}, passkey: {} },
        async authorize(credentials, req) {
          const requestId = header(req?.headers, "x-request-id");
          const result = await attemptLogin(credentials, {
            ip: header(req?.headers, "x-veil-client-ip"),
            userAgent: header(req?.headers, "user-agent"),
            requestId,
          }).catch((err: unknown) => {
            // next-auth would put an unexpected error's own message into the URL: log it, show
            // the generic code instead.
            logUnexpected(err, requestId, "sign-in failed unexpectedly");
            return { ok: false as const, code: "UNAVAILABLE" as const };
          });
          // next-auth turns a thrown message into `error=<code>`; the form maps codes to text.
          if (!result.ok) throw new Error(result.code);
          // Password and second factor just now: as strong as a step-up, so the first
          // sensitive action after signing in does not ask again.
          if (result.secondFactor) await markSteppedUp(result.user.id, result.secondFactor);
          return {
            id: result.user.id,
            email: result.user.email,
            name: result.user.name,
            role: result.user.role,
            sv: result.user.sessionVersion,
          };
        },
      }),
      ...(sso ? [sso] : []),
    ],
    callbacks: {
      signIn: (params) => ssoSignIn(e, params),
      async jwt({ token, user, account }) {
        if (user) {
          const now = Math.floor(Date.now() / 1000);
          const viaSso = account?.provider === OIDC_PROVIDER_ID;
          const fromSso = viaSso ? ssoUserOf(user) : null;
          if (viaSso && !fromSso) throw new Error("SSO sign-in without a resolved account");
          const u = fromSso
            ? { id: fromSso.id, sv: fromSso.sessionVersion }
            : (user as unknown as { id: string; sv: number });
          return {
            sub: u.id,
            uid: u.id,
            sv: u.sv,
            via: viaSso ? "sso" : "local",
            sid: randomUUID(),
            authTime: now,
            lastSeen: now,
          };
        }
        return token;
      },
      async session({ session, token }) {
        // Only ids and timestamps: the portal reads names and roles from the database.
        return {
          expires: session.expires,
          uid: token.uid,
          sv: token.sv,
          sid: token.sid,
          via: token.via,
          authTime: token.authTime,
          lastSeen: token.lastSeen,
        } as never;
      },
    },
    events: {
      // The token itself cannot be recalled, so its session id is recorded as revoked.
      async signOut({ token }) {
        const claims = token as unknown as { uid?: unknown; sid?: unknown; authTime?: unknown };
        if (typeof claims.uid === "string" && typeof claims.sid === "string")
          await revokeSession({
            uid: claims.uid,
            sid: claims.sid,
            authTime: Number(claims.authTime) || Math.floor(Date.now() / 1000),
          });
      },
    },
    logger: {
      // Only the code: next-auth's messages can quote what a provider sent. A refused answer
      // from the identity provider (a forged or replayed ID token, a bad state) is a security
      // event, audited; anything else is next-auth failing, logged as an error.
      error: (code) => {
        if (code === "OAUTH_CALLBACK_ERROR") void ssoResponseRefused();
        else logger().error({ code }, "next-auth error");
      },
      warn: () => {},
      debug: () => {},
    },
  };
}
