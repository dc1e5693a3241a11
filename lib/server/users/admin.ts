import "server-only";
import { createUserSchema, listUsersSchema, type UserRow } from "@/lib/schemas/users";
import { emailSchema } from "@/lib/schemas/auth";
import { credentialsSetBy } from "@/lib/server/approvals/independence";
import { audited } from "@/lib/server/audit/append";
import { passwordProblem } from "@/lib/server/auth/password-policy";
import { hashPassword } from "@/lib/server/auth/passwords";
import type { Principal } from "@/lib/server/auth/principal";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput as parse } from "@/lib/server/validation";
import { authorizeUserManagement, authorizeUserListing } from "./authorize";
import { INVITE_TTL_HOURS, newInviteToken } from "./invitations";
import { toUserRow, userRowSelect } from "./user-row";

export {
  changeUserRole,
  reissueInvite,
  resetUserPassword,
  resetUserTwoFactor,
  revokeUserPasskey,
  setUserDisabled,
  signOutUserEverywhere,
} from "./account-changes";
export { listUserPasskeys } from "./passkeys";

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
