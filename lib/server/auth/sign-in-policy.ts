import "server-only";
import { z } from "zod";
import { env, parseRoleMap } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import { roleCan, ROLES } from "@/lib/policy/capabilities";
import { appendAudit } from "@/lib/server/audit/append";
import { requireStepUp, requireUserCapability, type Principal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { readSetting, saveSetting } from "@/lib/server/settings";

// Which roles must sign in through the identity provider. For them local passwords stop working
// (sign-in, and sessions opened with one), except the one break-glass admin named in
// VEIL_SSO_BREAK_GLASS_EMAIL, for when the provider is down: every use of it raises an alert.

const KEY = "sso.required_roles";

export const ssoRequirementSchema = z
  .object({ roles: z.array(z.enum(ROLES)).max(ROLES.length) })
  .strict();

/** The roles that must use single sign-on (none unless an admin chose some and SSO is set up). */
export async function ssoRequiredRoles(): Promise<Role[]> {
  if (!env().VEIL_OIDC_ISSUER) return [];
  return (await readSetting(KEY, ssoRequirementSchema.shape.roles, [])) as Role[];
}

export function isBreakGlass(email: string): boolean {
  const glass = env().VEIL_SSO_BREAK_GLASS_EMAIL;
  return Boolean(glass) && glass!.toLowerCase() === email.toLowerCase();
}

/**
 * How a local password sign-in of this account stands: allowed, allowed as the break-glass
 * account (alerted), or refused because its role must use single sign-on.
 */
export async function localSignInStanding(user: {
  role: string;
  email: string;
}): Promise<"allowed" | "break_glass" | "sso_required"> {
  if (!(await ssoRequiredRoles()).includes(user.role as Role)) return "allowed";
  // The break-glass account is one that can manage users (it exists to fix sign-in itself).
  return isBreakGlass(user.email) && roleCan(user.role, "users.manage")
    ? "break_glass"
    : "sso_required";
}

/** An admin chooses the roles that must use single sign-on (step-up; audited). */
export async function setSsoRequiredRoles(actor: Principal, input: unknown): Promise<Role[]> {
  requireUserCapability(actor, "users.manage");
  requireStepUp(actor);
  const { roles } = parseInput(ssoRequirementSchema, input);
  if (roles.length && !env().VEIL_OIDC_ISSUER)
    throw new AppError(
      "CONFLICT",
      "sso not configured",
      "Set up single sign-on (VEIL_OIDC_ISSUER) before requiring it.",
    );
  const sorted = ROLES.filter((r) => roles.includes(r)) as Role[];
  await db().$transaction(async (tx) => {
    await saveSetting(tx, KEY, sorted, actor.userId);
    await appendAudit(tx, { actor, action: "settings.sso_required", detail: { roles: sorted } });
  });
  return sorted;
}

export type SsoStatus = {
  configured: boolean;
  name: string;
  issuer: string | null;
  /** Whether the issuer's discovery document answered just now (null: not configured). */
  reachable: boolean | null;
  lastSignInAt: string | null;
  ssoUsers: number;
  roleMap: [group: string, role: Role][];
  requiredRoles: Role[];
  breakGlass: { email: string; exists: boolean } | null;
};

/** The admin screen's view of single sign-on: set-up, health, mapping and requirement. */
export async function ssoStatus(actor: Principal): Promise<SsoStatus> {
  requireUserCapability(actor, "users.manage");
  const e = env();
  const issuer = e.VEIL_OIDC_ISSUER?.replace(/\/+$/, "") ?? null;
  const [reachable, last, ssoUsers, requiredRoles, glass] = await Promise.all([
    issuer
      ? fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2000) })
          .then((r) => r.ok)
          .catch(() => false)
      : null,
    db().user.aggregate({ _max: { ssoLastSignInAt: true } }),
    db().user.count({ where: { ssoIssuer: { not: null } } }),
    ssoRequiredRoles(),
    e.VEIL_SSO_BREAK_GLASS_EMAIL
      ? db().user.findUnique({
          where: { email: e.VEIL_SSO_BREAK_GLASS_EMAIL.toLowerCase() },
          select: { role: true, disabled: true },
        })
      : null,
  ]);
  return {
    configured: Boolean(issuer),
    name: e.VEIL_OIDC_NAME,
    issuer,
    reachable,
    lastSignInAt: last._max.ssoLastSignInAt?.toISOString() ?? null,
    ssoUsers,
    roleMap: issuer ? parseRoleMap(e.VEIL_OIDC_ROLE_MAP) : [],
    requiredRoles,
    breakGlass: e.VEIL_SSO_BREAK_GLASS_EMAIL
      ? {
          email: e.VEIL_SSO_BREAK_GLASS_EMAIL,
          exists: Boolean(glass && roleCan(glass.role, "users.manage") && !glass.disabled),
        }
      : null,
  };
}
