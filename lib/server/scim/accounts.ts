import "server-only";
import { env } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";
import type { SystemPrincipal } from "@/lib/policy/principal";
import { appendAudit } from "@/lib/server/audit/append";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import { roleForGroups } from "@/lib/server/auth/sso";
import type { Tx } from "@/lib/server/db";

// What the identity provider's SCIM changes do to an account: active state and role (from its
// groups), each change audited as the provider's, and a deactivation or a new role ending every
// session of the person.

export const SCIM_ACTOR: SystemPrincipal = { kind: "system", name: "scim" };

/** Role from the groups the provider pushed (VEIL_OIDC_ROLE_MAP), null when none is mapped. */
export async function roleFromScimGroups(tx: Tx, userId: string): Promise<Role | null> {
  const groups = await tx.scimGroupMember.findMany({
    where: { userId },
    select: { group: { select: { displayName: true } } },
  });
  return roleForGroups(
    groups.map((g) => g.group.displayName),
    env().VEIL_OIDC_ROLE_MAP,
  );
}

/**
 * Applies a change of active state or role to an account: a deactivation or a new role ends
 * every session of the person (audited as the provider's change).
 */
export async function applyAccountChange(
  tx: Tx,
  userId: string,
  change: { active?: boolean; role?: Role | null; name?: string; externalId?: string | null },
) {
  const current = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { disabled: true, role: true },
  });
  const deactivate = change.active === false && !current.disabled;
  const activate = change.active === true && current.disabled;
  const newRole = change.role !== undefined && change.role !== null && change.role !== current.role;
  // No mapped group left: the role stays, but every session ends (SSO refuses them from now on).
  const lostRole = change.role === null;
  const endSessions = deactivate || newRole || lostRole;
  await tx.user.update({
    where: { id: userId },
    data: {
      ...(change.name ? { name: change.name } : {}),
      ...(change.externalId !== undefined ? { scimExternalId: change.externalId } : {}),
      ...(deactivate ? { disabled: true } : activate ? { disabled: false } : {}),
      ...(newRole ? { role: change.role! } : {}),
      ...(endSessions ? { sessionVersion: { increment: 1 } } : {}),
    },
  });
  if (deactivate || activate || newRole || lostRole)
    await appendAudit(tx, {
      actor: SCIM_ACTOR,
      action: "scim.user_update",
      target: { type: "user", id: userId },
      detail: {
        ...(deactivate || activate ? { active: !deactivate } : {}),
        ...(newRole || lostRole ? { role: change.role ?? null } : {}),
      },
    });
  if (endSessions) forgetSessionUser(userId);
}
