import "server-only";
import { createHash } from "node:crypto";
import { changePasswordSchema, setPasswordSchema, stepUpSchema } from "@/lib/schemas/users";
import { totpCodeSchema } from "@/lib/schemas/auth";
import { appendAudit, audited, recordAudit } from "@/lib/server/audit/append";
import { passwordProblem } from "@/lib/server/auth/password-policy";
import { hashPassword, verifyPassword } from "@/lib/server/auth/passwords";
import {
  requireStepUp,
  type AnonymousPrincipal,
  type Principal,
  type StepUpFactor,
  type UserPrincipal,
} from "@/lib/server/auth/principal";
import { requiresTotp } from "@/lib/policy/capabilities";
import { assertReauthAllowed, recordReauthFailure } from "@/lib/server/auth/reauth-limit";
import { checkSecondFactor } from "@/lib/server/auth/second-factor";
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
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { requireUser } from "./authorize";

async function accountOf(userId: string) {
  const u = await db().user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!u) throw new AppError("UNAUTHENTICATED", "user vanished");
  return u;
}

const RECOVERY_CODE = /^[a-z0-9]{5}-?[a-z0-9]{5}$/i;

/**
 * Re-authentication for step-up: the account password, a TOTP code, or a recovery code. Returns
 * which factor it was; a few failures end the session (see reauth-limit).
 */
export async function verifyStepUp(
  actor: Principal,
  input: unknown,
): Promise<{ factor: StepUpFactor }> {
  const viewer = requireUser(actor);
  const { secret } = parseInput(stepUpSchema, input);
  await assertReauthAllowed(viewer);
  const u = await accountOf(viewer.userId);
  let factor: StepUpFactor | null = null;
  if (u.totpEnabledAt && (/^\d{6}$/.test(secret) || RECOVERY_CODE.test(secret))) {
    factor = await checkSecondFactor(u, secret);
  } else if (await verifyPassword(secret, u.id)) {
    factor = "password";
  }
  await recordAudit({
    actor: viewer,
    action: "auth.step_up",
    target: { type: "user", id: viewer.userId },
    outcome: factor ? "success" : "failure",
    detail: factor ? { factor } : {},
  });
  if (!factor) {
    await recordReauthFailure(viewer);
    throw new AppError("VALIDATION", "step-up failed", "That password or code is not right.");
  }
  return { factor };
}

/** Changes the password and ends every other session; returns the new session version. */
export async function changeOwnPassword(
  actor: Principal,
  input: unknown,
): Promise<{ sessionVersion: number }> {
  const viewer = requireUser(actor);
  const { current, next } = parseInput(changePasswordSchema, input);
  await assertReauthAllowed(viewer);
  const u = await accountOf(viewer.userId);
  if (!(await verifyPassword(current, u.id))) {
    await recordAudit({
      actor: viewer,
      action: "user.password_change",
      target: { type: "user", id: u.id },
      outcome: "failure",
    });
    await recordReauthFailure(viewer);
    throw new AppError(
      "VALIDATION",
      "wrong current password",
      "Your current password is not right.",
    );
  }
  const problem = passwordProblem(next, { email: u.email });
  if (problem) throw new AppError("VALIDATION", "weak password", problem);
  const passwordHash = await hashPassword(next);
  const updated = await audited(
    { actor: viewer, action: "user.password_change", target: { type: "user", id: u.id } },
    (tx) =>
      tx.user.update({
        where: { id: u.id },
        data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
        select: { sessionVersion: true },
      }),
  );
  forgetSessionUser(u.id);
  return updated;
}

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

/**
 * Step 2: a valid code from the app turns 2FA on and returns 10 recovery codes, shown once. A
 * re-enrolment ends the user's other sessions and raises an alert (the caller re-issues its own
 * session cookie with the returned version).
 */
export async function confirmTotpEnrolment(
  actor: Principal,
  input: { pending: string; code: unknown },
): Promise<{ recoveryCodes: string[]; sessionVersion: number }> {
  const viewer = requireUser(actor);
  const { reenrolment } = await requireCurrentFactorIfEnrolled(viewer);
  const code = parseInput(totpCodeSchema, input.code);
  let secret: string;
  try {
    secret = openTotpSecret(String(input.pending), `pending:${viewer.userId}`);
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

export async function regenerateRecoveryCodes(
  actor: Principal,
): Promise<{ recoveryCodes: string[] }> {
  const viewer = requireUser(actor);
  // New recovery codes are a second factor: only the current second factor may mint them.
  requireStepUp(viewer, { secondFactor: true });
  const codes = newRecoveryCodes();
  await audited(
    {
      actor: viewer,
      action: "user.recovery_codes_regenerate",
      target: { type: "user", id: viewer.userId },
    },
    async (tx) => {
      await tx.recoveryCode.deleteMany({ where: { userId: viewer.userId } });
      await tx.recoveryCode.createMany({
        data: codes.map((c) => ({ userId: viewer.userId, codeHash: hashRecoveryCode(c) })),
      });
    },
  );
  return { recoveryCodes: codes };
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

export async function accountOverview(actor: Principal) {
  const viewer = requireUser(actor);
  const [user, signIns, unusedCodes] = await Promise.all([
    db().user.findUnique({
      where: { id: viewer.userId },
      select: {
        email: true,
        name: true,
        role: true,
        totpEnabledAt: true,
        passwordChangedAt: true,
        passwordResetAt: true,
      },
    }),
    db().signInEvent.findMany({
      where: { userId: viewer.userId },
      orderBy: { at: "desc" },
      take: 10,
      select: { id: true, at: true, ip: true, userAgent: true, outcome: true },
    }),
    db().recoveryCode.count({ where: { userId: viewer.userId, usedAt: null } }),
  ]);
  if (!user) throw new AppError("UNAUTHENTICATED", "user vanished");
  return {
    email: user.email,
    name: user.name,
    role: user.role,
    twoFactor: user.totpEnabledAt !== null,
    twoFactorRequired: requiresTotp(user.role),
    passwordChangedAt: user.passwordChangedAt?.toISOString() ?? null,
    passwordResetAt: user.passwordResetAt?.toISOString() ?? null,
    unusedRecoveryCodes: unusedCodes,
    signIns: signIns.map((s) => ({
      id: s.id,
      at: s.at.toISOString(),
      ip: s.ip,
      device: s.userAgent ? summariseAgent(s.userAgent) : "Unknown",
      outcome: s.outcome,
    })),
  };
}

function summariseAgent(ua: string) {
  const browser = /Firefox\//.test(ua)
    ? "Firefox"
    : /Edg\//.test(ua)
      ? "Edge"
      : /Chrom(e|ium)\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : "Browser";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Mac OS X/.test(ua)
      ? "macOS"
      : /Android/.test(ua)
        ? "Android"
        : /iPhone|iPad/.test(ua)
          ? "iOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return os ? `${browser} on ${os}` : browser;
}

/** Redeems an invitation: the token works once, before it expires, then is gone. */
export async function setPasswordWithToken(
  input: unknown,
  ctx: { ip: string | null; requestId: string | null },
) {
  const { token, password } = parseInput(setPasswordSchema, input);
  const tokenHash = createHash("sha256").update(token).digest("hex");
  const anon: AnonymousPrincipal = { kind: "anonymous", ...ctx };
  const record = await db().setPasswordToken.findUnique({
    where: { tokenHash },
    include: { user: { select: { email: true, disabled: true } } },
  });
  if (!record || record.usedAt || record.expiresAt < new Date() || record.user.disabled) {
    await recordAudit({ actor: anon, action: "user.set_password", outcome: "denied" });
    throw new AppError(
      "VALIDATION",
      "bad invite token",
      "This link is invalid or has expired. Ask your administrator for a new one.",
    );
  }
  const problem = passwordProblem(password, { email: record.user.email });
  if (problem) throw new AppError("VALIDATION", "weak password", problem);
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    const { count } = await tx.setPasswordToken.updateMany({
      where: { id: record.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count !== 1)
      throw new AppError("VALIDATION", "token raced", "This link has already been used.");
    await tx.user.update({
      where: { id: record.userId },
      data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
    });
    await appendAudit(tx, {
      actor: anon,
      action: "user.set_password",
      target: { type: "user", id: record.userId },
    });
  });
  forgetSessionUser(record.userId);
}
