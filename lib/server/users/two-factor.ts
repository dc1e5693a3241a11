import "server-only";
import { z } from "zod";
import { requiresTotp } from "@/lib/policy/capabilities";
import { totpCodeSchema } from "@/lib/schemas/auth";
import { audited } from "@/lib/server/audit/append";
import { requireStepUp, type Principal, type UserPrincipal } from "@/lib/server/auth/principal";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import {
  checkTotp,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpEnrolment,
} from "@/lib/server/auth/totp";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { requireUser } from "./authorize";
import { accountOf } from "./own-account";

/** Replacing an existing authenticator needs the current one (or a recovery code), freshly. */
async function requireCurrentFactorIfEnrolled(viewer: UserPrincipal) {
  const u = await accountOf(viewer.userId);
  if (u.totpEnabledAt) requireStepUp(viewer, { secondFactor: true });
  return { reenrolment: u.totpEnabledAt !== null };
}

/** Step 1 of enrolment: a new secret (kept sealed by the caller until confirmed) and its QR code. */
export async function beginTotpEnrolment(actor: Principal) {
  const viewer = requireUser(actor);
  await requireCurrentFactorIfEnrolled(viewer);
  const secret = newTotpSecret();
  const { qrDataUrl } = await totpEnrolment(secret, viewer.email);
  return { secret, pending: sealTotpSecret(secret, `pending:${viewer.userId}`), qrDataUrl };
}

const confirmSchema = z.object({ pending: z.string().max(2000), code: totpCodeSchema });

/**
 * Step 2: a valid code from the app turns 2FA on and returns 10 recovery codes, shown once. A
 * re-enrolment ends the user's other sessions and raises an alert (the caller re-issues its own
 * session cookie with the returned version).
 */
export async function confirmTotpEnrolment(
  actor: Principal,
  input: unknown,
): Promise<{ recoveryCodes: string[]; sessionVersion: number }> {
  const viewer = requireUser(actor);
  const { reenrolment } = await requireCurrentFactorIfEnrolled(viewer);
  const { pending, code } = parseInput(confirmSchema, input);
  let secret: string;
  try {
    secret = openTotpSecret(pending, `pending:${viewer.userId}`);
  } catch {
    throw new AppError("VALIDATION", "bad pending secret", "Enrolment expired. Start again.");
  }
  const step = await checkTotp(secret, code, null);
  if (step === null)
    throw new AppError(
      "VALIDATION",
      "bad code",
      "That code is not right. Check the time on your device and try again.",
    );
  const codes = newRecoveryCodes();
  const { sessionVersion } = await audited(
    {
      actor: viewer,
      action: reenrolment ? "user.2fa_reenrol" : "user.2fa_enable",
      target: { type: "user", id: viewer.userId },
    },
    async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId: viewer.userId } });
      await tx.recoveryCode.createMany({
        data: codes.map((c) => ({ userId: viewer.userId, codeHash: hashRecoveryCode(c) })),
      });
      return tx.user.update({
        where: { id: viewer.userId },
        data: {
          totpSecretSealed: sealTotpSecret(secret, viewer.userId),
          totpEnabledAt: new Date(),
          totpResetAt: null,
          totpLastStep: step,
          ...(reenrolment ? { sessionVersion: { increment: 1 } } : {}),
        },
        select: { sessionVersion: true },
      });
    },
  );
  forgetSessionUser(viewer.userId);
  return { recoveryCodes: codes, sessionVersion };
}

/** Optional for agents and analysts; admins and officers must keep 2FA. */
export async function disableOwnTotp(actor: Principal) {
  const viewer = requireUser(actor);
  requireStepUp(viewer, { secondFactor: true });
  if (requiresTotp(viewer.role))
    throw new AppError(
      "FORBIDDEN",
      "2fa required for role",
      "Your role requires two-factor authentication.",
    );
  await audited(
    { actor: viewer, action: "user.2fa_disable", target: { type: "user", id: viewer.userId } },
    async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId: viewer.userId } });
      await tx.user.update({
        where: { id: viewer.userId },
        data: {
          totpSecretSealed: null,
          totpEnabledAt: null,
          totpLastStep: null,
          sessionVersion: { increment: 1 },
        },
      });
    },
  );
  forgetSessionUser(viewer.userId);
}
