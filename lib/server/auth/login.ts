import "server-only";
import { createHash } from "node:crypto";
import { loginSchema, type LoginErrorCode } from "@/lib/schemas/auth";
import { raiseAlert } from "@/lib/server/alerts/raise";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { unsafeCredentials } from "@/lib/server/secrets";
import { logger } from "@/lib/server/log";
import { store } from "@/lib/server/store";
import { verifyCaptcha } from "./captcha";
import { verifyPassword } from "./passwords";
import type { AnonymousPrincipal } from "./principal";
import { loginLimits } from "./rate-limit";
import { checkTotp, hashRecoveryCode, openTotpSecret } from "./totp";

export const CAPTCHA_AFTER_FAILURES = 3;
export const LOCK_AFTER_FAILURES = 10;
const FAILURE_WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_MINUTES = 15;
const MAX_LOCK_MINUTES = 24 * 60;

export type LoginContext = {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};
export type LoginResult =
  | {
      ok: true;
      user: { id: string; email: string; name: string; role: string; sessionVersion: number };
    }
  | { ok: false; code: LoginErrorCode };

/** Store keys never contain the raw address or email: hashes keep PII out of Redis. */
function key(kind: string, value: string) {
  return `veil:login:${kind}:${createHash("sha256").update(value).digest("hex").slice(0, 32)}`;
}

function lockMinutes(lockCount: number) {
  return Math.min(BASE_LOCK_MINUTES * 2 ** lockCount, MAX_LOCK_MINUTES);
}

/**
 * The whole sign-in decision. Order matters: rate limits, then captcha when failures say so,
 * then exactly one bcrypt comparison (even for unknown emails), then lock/disabled state, then
 * TOTP. Every credential failure looks the same to the caller.
 */
export async function attemptLogin(raw: unknown, ctx: LoginContext): Promise<LoginResult> {
  const anon: AnonymousPrincipal = { kind: "anonymous", ip: ctx.ip, requestId: ctx.requestId };
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "INVALID" };
  const { email, password, totp, altcha } = parsed.data;
  // Failure counts for the captcha live in the store, keyed by address and by the email as
  // typed: an unknown email earns the captcha exactly like a real one (no account enumeration).
  const failureKeys = [key("ipfail", ctx.ip ?? "unknown"), key("emailfail", email)];

  const limits = loginLimits();
  const [ipLimit, accountLimit] = await Promise.all([
    limits.ip.limit(key("ip", ctx.ip ?? "unknown")),
    limits.account.limit(key("acct", email)),
  ]);
  if (!ipLimit.success || !accountLimit.success) {
    await recordAudit({
      actor: anon,
      action: "auth.login",
      outcome: "denied",
      purpose: "rate_limited",
    });
    return { ok: false, code: "RATE_LIMITED" };
  }

  const account = await db().user.findUnique({ where: { email } });
  const secrets = account ? await unsafeCredentials(db(), { id: account.id }) : null;
  const user = account
    ? {
        ...account,
        passwordHash: secrets?.passwordHash ?? null,
        totpSecretSealed: secrets?.totpSecretSealed ?? null,
      }
    : null;
  const failures = await Promise.all(
    failureKeys.map(async (k) => Number((await store().get(k)) ?? 0)),
  );
  if (Math.max(...failures) >= CAPTCHA_AFTER_FAILURES && !(await verifyCaptcha(altcha))) {
    return { ok: false, code: "CAPTCHA_REQUIRED" };
  }

  const passwordOk = await verifyPassword(password, user?.passwordHash);
  const locked = Boolean(user?.lockedUntil && user.lockedUntil > new Date());
  if (!user || !passwordOk || user.disabled || locked) {
    await recordFailure(
      user,
      anon,
      failureKeys,
      locked ? "locked" : user?.disabled ? "disabled" : "bad_credentials",
      ctx,
    );
    return { ok: false, code: "INVALID" };
  }

  if (user.totpSecretSealed && user.totpEnabledAt) {
    if (!totp) return { ok: false, code: "TOTP_REQUIRED" };
    const secondFactor = await checkSecondFactor(
      user.id,
      user.totpSecretSealed,
      user.totpLastStep,
      totp,
    );
    if (!secondFactor) {
      await recordFailure(user, anon, failureKeys, "bad_totp", ctx);
      return { ok: false, code: "INVALID" };
    }
  }

  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    await tx.signInEvent.create({
      data: {
        userId: user.id,
        ip: ctx.ip,
        userAgent: ctx.userAgent?.slice(0, 200),
        outcome: "success",
      },
    });
    await appendAudit(tx, {
      actor: anon,
      action: "auth.login",
      target: { type: "user", id: user.id },
      outcome: "success",
    });
  });
  // Only this email's failure count is cleared. The per-IP count is left to expire: clearing it
  // on success would let one attacker-owned account reset the threshold for a stuffing run.
  await store().del(failureKeys[1]!);
  return {
    ok: true,
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
    },
  };
}

/** A TOTP code (single use: its step must be newer than the last one) or a recovery code. */
async function checkSecondFactor(
  userId: string,
  sealed: string,
  lastStep: number | null,
  code: string,
) {
  if (/^\d{6}$/.test(code)) {
    const step = await checkTotp(openTotpSecret(sealed, userId), code, lastStep);
    if (step === null) return false;
    // Conditional update: two concurrent logins with the same code cannot both pass.
    const { count } = await db().user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
  const { count } = await db().recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

async function recordFailure(
  user: { id: string; failedLogins: number; lockCount: number } | null,
  anon: AnonymousPrincipal,
  failureKeys: string[],
  reason: string,
  ctx: LoginContext,
) {
  await Promise.all(failureKeys.map((k) => store().incrWithTtl(k, FAILURE_WINDOW_SECONDS)));
  await db().$transaction(async (tx) => {
    if (user) {
      // Ten failures are tolerated (the captcha slows them from the fourth); the eleventh locks.
      const failures = user.failedLogins + 1;
      const lockNow = failures > LOCK_AFTER_FAILURES && reason !== "locked";
      if (reason !== "locked") {
        await tx.user.update({
          where: { id: user.id },
          data: lockNow
            ? {
                failedLogins: 0,
                lockCount: { increment: 1 },
                lockedUntil: new Date(Date.now() + lockMinutes(user.lockCount) * 60_000),
              }
            : { failedLogins: failures },
        });
      }
      await tx.signInEvent.create({
        data: {
          userId: user.id,
          ip: ctx.ip,
          userAgent: ctx.userAgent?.slice(0, 200),
          outcome: reason,
        },
      });
      if (lockNow) {
        await appendAudit(tx, {
          actor: anon,
          action: "auth.lockout",
          target: { type: "user", id: user.id },
          outcome: "denied",
        });
        await raiseAlert(tx, {
          kind: "account_locked",
          severity: "high",
          message: `Account locked for ${lockMinutes(user.lockCount)} min after ${LOCK_AFTER_FAILURES} failed sign-ins.`,
          subject: { type: "user", id: user.id },
        });
      }
    }
    await appendAudit(tx, {
      actor: anon,
      action: "auth.login",
      target: user ? { type: "user", id: user.id } : null,
      outcome: "failure",
      purpose: reason,
    });
  });
  logger().info({ requestId: ctx.requestId, reason }, "sign-in failed");
}
