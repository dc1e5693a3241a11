import "server-only";
import {
  changeRoleSchema,
  revokePasskeySchema,
  setDisabledSchema,
  userTargetSchema,
} from "@/lib/schemas/users";
import { credentialsSetBy } from "@/lib/server/approvals/independence";
import { appendAudit, audited, type AuditInput } from "@/lib/server/audit/append";
import type { Principal } from "@/lib/server/auth/principal";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput as parse } from "@/lib/server/validation";
import { rolesWith, roleCan } from "@/lib/policy/capabilities";
import { authorizeUserManagement } from "./authorize";
import { replaceSetPasswordLink } from "./invitations";
import { toUserRow, userRowSelect } from "./user-row";

// Changes to an existing account by an admin (role, disabling, second factor, sessions, invite
// and password links): each ends the account's sessions, is audited, and never leaves Veil
// without an active admin.

const MANAGERS = [...rolesWith("users.manage")];
const isManager = (role: string) => roleCan(role, "users.manage");

/** Locks every active manager row so two concurrent demotions cannot leave nobody to manage users. */
async function assertNotLastAdmin(tx: Tx, userId: string) {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM "User"
    WHERE role::text = ANY (${MANAGERS}::text[]) AND disabled = false FOR UPDATE`;
  if (admins.length === 1 && admins[0]!.id === userId) {
    throw new AppError(
      "CONFLICT",
      "last admin",
      "Veil needs at least one active admin. Promote someone else first.",
    );
  }
}

type UserChangeEvent = Pick<
  AuditInput<
    | "user.role_change"
    | "user.disable"
    | "user.enable"
    | "user.reset_2fa"
    | "user.passkey_revoke"
    | "user.sign_out_everywhere"
    | "user.password_reset"
  >,
  "action" | "detail"
>;

async function changeUser(
  actor: Principal,
  userId: string,
  event: UserChangeEvent,
  change: (tx: Tx, current: { role: string; disabled: boolean }) => Promise<Prisma.UserUpdateInput>,
) {
  const result = await db().$transaction(async (tx) => {
    const current = await tx.user.findUnique({
      where: { id: userId },
      select: { role: true, disabled: true },
    });
    if (!current) throw new AppError("NOT_FOUND", `user ${userId}`);
    const data = await change(tx, current);
    // Any change to who someone is or can do ends their sessions everywhere, at once.
    const user = await tx.user.update({
      where: { id: userId },
      data: { ...data, sessionVersion: { increment: 1 } },
      select: userRowSelect,
    });
    await appendAudit(tx, { actor, ...event, target: { type: "user", id: userId } });
    return toUserRow(user);
  });
  forgetSessionUser(userId);
  return result;
}

export async function changeUserRole(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId, role } = parse(changeRoleSchema, input);
  if (actor.kind === "user" && actor.userId === userId)
    throw new AppError("FORBIDDEN", "self role change", "Another admin must change your role.");
  return changeUser(
    actor,
    userId,
    { action: "user.role_change", detail: { role } },
    async (tx, current) => {
      if (isManager(current.role) && !isManager(role) && !current.disabled)
        await assertNotLastAdmin(tx, userId);
      return { role };
    },
  );
}

export async function setUserDisabled(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId, disabled } = parse(setDisabledSchema, input);
  if (disabled && actor.kind === "user" && actor.userId === userId) {
    throw new AppError("CONFLICT", "self-disable", "You cannot disable your own account.");
  }
  return changeUser(
    actor,
    userId,
    { action: disabled ? "user.disable" : "user.enable" },
    async (tx, current) => {
      if (disabled && isManager(current.role) && !current.disabled)
        await assertNotLastAdmin(tx, userId);
      return disabled ? { disabled } : { disabled, failedLogins: 0, lockedUntil: null };
    },
  );
}

export async function resetUserTwoFactor(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId } = parse(userTargetSchema, input);
  return changeUser(actor, userId, { action: "user.reset_2fa" }, async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.passkey.deleteMany({ where: { userId } });
    return {
      totpSecretSealed: null,
      totpEnabledAt: null,
      totpLastStep: null,
      totpResetAt: new Date(),
      ...credentialsSetBy(actor),
    };
  });
}

/** One of a user's passkeys (lost, or suspected copied): removed, and their sessions end. */
export async function revokeUserPasskey(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId, passkeyId } = parse(revokePasskeySchema, input);
  return changeUser(actor, userId, { action: "user.passkey_revoke" }, async (tx) => {
    const { count } = await tx.passkey.deleteMany({ where: { id: passkeyId, userId } });
    if (count === 0) throw new AppError("NOT_FOUND", `passkey ${passkeyId} of ${userId}`);
    return {};
  });
}

export async function signOutUserEverywhere(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId } = parse(userTargetSchema, input);
  return changeUser(actor, userId, { action: "user.sign_out_everywhere" }, async () => ({}));
}

/**
 * A fresh one-time set-password link for an invited user, one who has never set a password.
 * For anyone else that would be a quiet account takeover; `resetUserPassword` is the visible path.
 */
export async function reissueInvite(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId } = parse(userTargetSchema, input);
  const inviteToken = await audited(
    { actor, action: "user.invite_reissue", target: { type: "user", id: userId } },
    async (tx) => {
      const user = await tx.user.findUnique({
        where: { id: userId },
        select: { passwordChangedAt: true },
      });
      if (!user) throw new AppError("NOT_FOUND", `user ${userId}`);
      if (user.passwordChangedAt)
        throw new AppError(
          "CONFLICT",
          "invite for an active user",
          "This user has already set a password. Use “Reset password” instead.",
        );
      await tx.user.update({ where: { id: userId }, data: credentialsSetBy(actor) });
      return replaceSetPasswordLink(tx, userId);
    },
  );
  return { inviteToken };
}

/**
 * A password reset for an active user: a one-time link, every session ended at once, and a notice
 * on the user's account page (so a reset they did not ask for does not go unnoticed). Their
 * two-factor enrolment stays: a reset link alone does not get anyone past TOTP.
 */
export async function resetUserPassword(actor: Principal, input: unknown) {
  authorizeUserManagement(actor);
  const { userId } = parse(userTargetSchema, input);
  let resetToken = "";
  await changeUser(actor, userId, { action: "user.password_reset" }, async (tx) => {
    resetToken = await replaceSetPasswordLink(tx, userId);
    return { passwordResetAt: new Date(), ...credentialsSetBy(actor) };
  });
  return { resetToken };
}
