import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { hashPassword } from "@/lib/server/auth/passwords";
import { db } from "@/lib/server/db";

export const TEST_PASSWORD = "correct horse battery staple";

/** A real user row plus the principal the app would build for them after sign-in. */
export async function makeUser(
  role: Role,
  opts: { steppedUp?: boolean; password?: string; mfa?: boolean } = {},
) {
  const email = `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.veil`;
  const user = await db().user.create({
    data: {
      email,
      name: `Test ${role}`,
      role,
      passwordHash: await hashPassword(opts.password ?? TEST_PASSWORD),
      passwordChangedAt: new Date(),
      totpEnabledAt: opts.mfa === false ? null : new Date(),
    },
  });
  const principal: UserPrincipal = {
    kind: "user",
    userId: user.id,
    email,
    name: user.name,
    role,
    stepUpAt: opts.steppedUp === false ? null : Date.now(),
    mfaSatisfied: opts.mfa !== false || role === "AGENT" || role === "ANALYST",
    ip: "127.0.0.1",
    requestId: randomUUID(),
  };
  return { user, principal };
}
