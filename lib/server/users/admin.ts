import "server-only";
import { credentialsSetBy } from "@/lib/server/approvals/independence";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  changeRoleSchema,
  createUserSchema,
  listUsersSchema,
  setDisabledSchema,
  userTargetSchema,
  type UserRow,
} from "@/lib/schemas/users";
import { emailSchema } from "@/lib/schemas/auth";
import { appendAudit, audited, type AuditInput } from "@/lib/server/audit/append";
import { passwordProblem } from "@/lib/server/auth/password-policy";
import { hashPassword } from "@/lib/server/auth/passwords";
import type { Principal } from "@/lib/server/auth/principal";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import { db, type Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput as parse } from "@/lib/server/validation";
import { rolesWith, roleCan } from "@/lib/policy/capabilities";
import { authorizeUserManagement, authorizeUserListing } from "./authorize";
import { INVITE_TTL_HOURS, newInviteToken, replaceSetPasswordLink } from "./invitations";

const userRowSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lockedUntil: true,
  totpEnabledAt: true,
  passwordChangedAt: true,
  createdAt: true,
} satisfies Prisma.UserSelect;

function toUserRow(u: Prisma.UserGetPayload<{ select: typeof userRowSelect }>): UserRow {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    locked: Boolean(u.lockedUntil && u.lockedUntil > new Date()),
    twoFactor: u.totpEnabledAt !== null,
    invited: u.passwordChangedAt === null,
    createdAt: u.createdAt.toISOString(),
  };
}

/** The id of the user with this email (operators name users by email), or NOT_FOUND. */
export async function userIdByEmail(actor: Principal, email: unknown): Promise<string> {
  authorizeUserListing(actor);
  const parsed = emailSchema.safeParse(email);
  const user = parsed.success
    ? await db().user.findUnique({ where: { email: parsed.data }, select: { id: true } })
    : null;
  if (!user) throw new AppError("NOT_FOUND", "no such user", "No user with that email.");
  return user.id;
}

export async function listUsers(actor: Principal, query: unknown) {
  authorizeUserListing(actor);
  const { q, page, pageSize } = parse(listUsersSchema, query);
  const where: Prisma.UserWhereInput = q
    ? {
        OR: [
          { email: { contains: q, mode: "insensitive" } },
          { name: { contains: q, mode: "insensitive" } },
        ],
      }
    : {};
  const [total, users] = await Promise.all([
    db().user.count({ where }),
    db().user.findMany({
      where,
      select: userRowSelect,
      orderBy: { email: "asc" }, // stable: disabling a user does not move its row
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  return { rows: users.map(toUserRow), total, page, pageSize };
}

/** Creates a staff account. An invite returns a one-time set-password token, shown once. */
export async function createUser(
  actor: Principal,
  input: unknown,
): Promise<{ user: UserRow; inviteToken: string | null }> {
  authorizeUserManagement(actor);
  const data = parse(createUserSchema, input);
  if (data.mode === "password") {
    const problem = passwordProblem(data.password, { email: data.email });
    if (problem) throw new AppError("VALIDATION", "weak password", problem);
  }
  const passwordHash = data.mode === "password" ? await hashPassword(data.password) : null;
  const invite = data.mode === "invite" ? newInviteToken() : null;
  try {
    return await audited(
      (r: { user: UserRow }) => ({
        actor,
        action: "user.create",
        target: { type: "user", id: r.user.id },
        detail: { role: data.role },
      }),
      async (tx) => {
        const user = await tx.user.create({
          data: {
            email: data.email,
            name: data.name,
            role: data.role,
            passwordHash,
            passwordChangedAt: passwordHash ? new Date() : null,
            ...credentialsSetBy(actor),
            ...(invite
              ? {
                  setPasswordTokens: {
                    create: {
                      tokenHash: invite.tokenHash,
                      expiresAt: new Date(Date.now() + INVITE_TTL_HOURS * 3600_000),
                    },
                  },
                }
              : {}),
          },
          select: userRowSelect,
        });
        return { user: toUserRow(user), inviteToken: invite?.token ?? null };
      },
    );
  } catch (err) {
    if ((err as { code?: string }).code === "P2002")
      throw new AppError("CONFLICT", "email taken", "A user with this email already exists.");
    throw err;
  }
}

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
    return {
      totpSecretSealed: null,
      totpEnabledAt: null,
      totpLastStep: null,
      ...credentialsSetBy(actor),
    };
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
