import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/generated/prisma/enums";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { hashPassword } from "@/lib/server/auth/passwords";
import { mfaSatisfied, requiresTotp } from "@/lib/policy/capabilities";
import { sealTotpSecret } from "@/lib/server/auth/totp";
import { db } from "@/lib/server/db";

export const TEST_PASSWORD = "correct horse battery staple";
export const TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

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
    },
  });
  // Roles that must use two-factor get a real enrolment (a known secret), as after sign-up.
  if (opts.mfa !== false && requiresTotp(role))
    await db().user.update({
      where: { id: user.id },
      data: {
        totpSecretSealed: sealTotpSecret(TEST_TOTP_SECRET, user.id),
        totpEnabledAt: new Date(),
      },
    });
  const principal: UserPrincipal = {
    kind: "user",
    userId: user.id,
    email,
    name: user.name,
    role,
    stepUpAt: opts.steppedUp === false ? null : Date.now(),
    stepUpFactor: opts.steppedUp === false ? null : ("password" as const),
    mfaSatisfied: mfaSatisfied(role, {
      totp: opts.mfa !== false && requiresTotp(role),
      passkey: false,
    }),
    ip: "127.0.0.1",
    requestId: randomUUID(),
  };
  return { user, principal };
}
