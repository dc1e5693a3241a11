import "server-only";
import { parseRoleMap, type Env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import type { AnonymousPrincipal, SystemPrincipal } from "@/lib/policy/principal";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { forgetSessionUser } from "./session-state";
import { recordSignIn, signedInUser } from "./sign-in-record";

// Single sign-on, after next-auth has verified the ID token (signature from the issuer's JWKS,
// issuer, audience, nonce, expiry, PKCE and state): who this person is in Veil, and with which
// role. The identity provider's groups decide the role at every sign-in; the person is found by
// the issuer and its subject, never by email alone, and created on first sign-in.

export const SSO_ACTOR: SystemPrincipal = { kind: "system", name: "sso" };

/** What Veil reads from a verified ID token. */
export type SsoIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  name: string | null;
  groups: string[];
};

export type SsoRefusal = "SSO_NO_ROLE" | "SSO_DISABLED" | "SSO_EMAIL_TAKEN" | "SSO_NO_EMAIL";

export type SsoResult =
  | {
      ok: true;
      user: { id: string; email: string; name: string; role: Role; sessionVersion: number };
    }
  | { ok: false; code: SsoRefusal };

/** The groups claim as a list of names: providers send an array, some a single string. */
export function groupsFromClaim(claim: unknown): string[] {
  if (typeof claim === "string") return [claim];
  if (Array.isArray(claim)) return claim.filter((g): g is string => typeof g === "string");
  return [];
}

/** The role of the first group in the map the user belongs to; null when none is mapped. */
export function roleForGroups(groups: readonly string[], roleMap: string): Role | null {
  const have = new Set(groups);
  for (const [group, role] of parseRoleMap(roleMap)) if (have.has(group)) return role;
  return null;
}

const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]{1,189}$/;
const clean = (v: string | null, max: number) =>
  v
    ?.replace(/[\u0000-\u001f\u007f<>]/g, "")
    .trim()
    .slice(0, max) || null;

/**
 * Decides a sign-in through the identity provider: refused when no group maps to a role (and
 * that person's Veil sessions end), when the account is disabled, or when a local account
 * already holds the email (an admin must link them: an email alone never proves it is the same
 * person). Otherwise the account is created or updated (role from the groups, a change audited
 * and ending older sessions) and the sign-in recorded.
 */
export async function decideSsoSignIn(
  identity: SsoIdentity,
  e: Pick<Env, "VEIL_OIDC_ROLE_MAP">,
  ctx: { ip: string | null; userAgent: string | null; requestId: string | null },
): Promise<SsoResult> {
  const anon: AnonymousPrincipal = { kind: "anonymous", ip: ctx.ip, requestId: ctx.requestId };
  const role = roleForGroups(identity.groups, e.VEIL_OIDC_ROLE_MAP);
  const email = clean(identity.email, 254)?.toLowerCase() ?? null;
  const name = clean(identity.name, 120) ?? email?.split("@")[0] ?? "SSO user";
  const refuse = async (code: SsoRefusal, userId: string | null) => {
    await recordAudit({
      actor: anon,
      action: "auth.login",
      target: userId ? { type: "user", id: userId } : null,
      outcome: "denied",
      detail: { reason: REFUSAL_REASONS[code], via: "sso" },
    });
    logger().info({ requestId: ctx.requestId, code }, "single sign-on refused");
    return { ok: false as const, code };
  };

  const existing =
    (await db().user.findUnique({
      where: { ssoIssuer_ssoSubject: { ssoIssuer: identity.issuer, ssoSubject: identity.subject } },
      select: { id: true, role: true, disabled: true, email: true },
    })) ?? (email ? await linkProvisioned(identity, email) : null);
  if (!existing) {
    if (!role) return refuse("SSO_NO_ROLE", null);
    if (!email || !EMAIL.test(email)) return refuse("SSO_NO_EMAIL", null);
    const taken = await db().user.findUnique({ where: { email }, select: { id: true } });
    if (taken) return refuse("SSO_EMAIL_TAKEN", taken.id);
  } else {
    if (existing.disabled) return refuse("SSO_DISABLED", existing.id);
    if (!role) {
      // Removed from every mapped group: no way in, and the sessions already open end too.
      await db().user.update({
        where: { id: existing.id },
        data: { sessionVersion: { increment: 1 } },
      });
      forgetSessionUser(existing.id);
      return refuse("SSO_NO_ROLE", existing.id);
    }
  }

  const user = await db().$transaction(async (tx) => {
    const now = new Date();
    const row = existing
      ? await tx.user.update({
          where: { id: existing.id },
          data: {
            name,
            role: role!,
            ssoLastSignInAt: now,
            failedLogins: 0,
            // A new role ends the sessions opened under the old one.
            ...(existing.role !== role ? { sessionVersion: { increment: 1 } } : {}),
          },
        })
      : await tx.user.create({
          data: {
            email: email!,
            name,
            role: role!,
            ssoIssuer: identity.issuer,
            ssoSubject: identity.subject,
            ssoLastSignInAt: now,
          },
        });
    if (!existing)
      await appendAudit(tx, {
        actor: SSO_ACTOR,
        action: "user.create",
        target: { type: "user", id: row.id },
        detail: { role: row.role, via: "sso" },
      });
    else if (existing.role !== role)
      await appendAudit(tx, {
        actor: SSO_ACTOR,
        action: "user.role_change",
        target: { type: "user", id: row.id },
        detail: { role: row.role, via: "sso" },
      });
    await recordSignIn(tx, row.id, ctx, { via: "sso" });
    return row;
  });
  forgetSessionUser(user.id);
  return {
    ok: true,
    user: signedInUser(user),
  };
}

/**
 * An account the provider itself created over SCIM and that has not signed in yet: linked to
 * this subject by its email. (The provider vouched for that email over its own authenticated
 * channel; a local account's email never links, see decideSsoSignIn.)
 */
async function linkProvisioned(identity: SsoIdentity, email: string) {
  const provisioned = await db().user.findFirst({
    where: { email, scimManaged: true, scimDeletedAt: null, ssoSubject: null },
    select: { id: true, role: true, disabled: true, email: true },
  });
  if (!provisioned) return null;
  await db().user.update({
    where: { id: provisioned.id },
    data: { ssoIssuer: identity.issuer, ssoSubject: identity.subject },
  });
  return provisioned;
}

const REFUSAL_REASONS = {
  SSO_NO_ROLE: "no_mapped_group",
  SSO_DISABLED: "disabled",
  SSO_EMAIL_TAKEN: "email_taken",
  SSO_NO_EMAIL: "no_email",
} as const satisfies Record<SsoRefusal, string>;
