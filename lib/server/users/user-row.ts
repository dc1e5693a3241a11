import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { UserRow } from "@/lib/schemas/users";

// A staff account as the admin screens show it: the columns read, and the DTO made of them.

export const userRowSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lockedUntil: true,
  totpEnabledAt: true,
  passwordChangedAt: true,
  ssoIssuer: true,
  ssoLastSignInAt: true,
  createdAt: true,
  _count: { select: { passkeys: true } },
} satisfies Prisma.UserSelect;

export function toUserRow(u: Prisma.UserGetPayload<{ select: typeof userRowSelect }>): UserRow {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    locked: Boolean(u.lockedUntil && u.lockedUntil > new Date()),
    twoFactor: u.totpEnabledAt !== null,
    passkeys: u._count.passkeys,
    // An account made by single sign-on has no password to set: it is not waiting on an invitation.
    invited: u.passwordChangedAt === null && u.ssoIssuer === null,
    sso: u.ssoIssuer ? { lastSignInAt: u.ssoLastSignInAt?.toISOString() ?? null } : null,
    createdAt: u.createdAt.toISOString(),
  };
}
