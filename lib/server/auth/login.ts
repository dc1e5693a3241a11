import "server-only";
import { loginSchema, type LoginErrorCode } from "@/lib/schemas/auth";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import type { LoginFailureReason } from "@/lib/server/audit/catalogue";
import { db } from "@/lib/server/db";
import { unavailableFrom } from "@/lib/server/errors";
import { logger } from "@/lib/server/log";
import { metrics } from "@/lib/server/metrics";
import { store } from "@/lib/server/store";
import { verifyCaptcha } from "./captcha";
import { verifyPassword } from "./passwords";
import type { AnonymousPrincipal } from "./principal";
import { loginKey as key, loginLimits } from "./rate-limit";
import { rateLimitBucket } from "@/lib/security/client-address";
import { clearReauthFailures } from "./reauth-limit";
import { relyingParty, type RelyingParty } from "./passkeys/relying-party";
import { checkLoginSecondFactor, type SecondFactor } from "./second-factor";
import { localSignInStanding } from "./sign-in-policy";
import { recordSignIn, signedInUser, type LoginContext } from "./sign-in-record";

export const CAPTCHA_AFTER_FAILURES = 3;
export const LOCK_AFTER_FAILURES = 10;
const FAILURE_WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_MINUTES = 15;
const MAX_LOCK_MINUTES = 24 * 60;
const NO_USER = "00000000-0000-0000-0000-000000000000";

const accountSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  sessionVersion: true,
  totpEnabledAt: true,
  totpLastStep: true,
  lockedUntil: true,
  lockCount: true,
} as const;

export type { LoginContext };
export type LoginResult =
  | {
      ok: true;
      user: { id: string; email: string; name: string; role: string; sessionVersion: number };
      /** The second factor this sign-in proved (it counts as a fresh step-up), if any. */
      secondFactor: SecondFactor | null;
    }
  | { ok: false; code: LoginErrorCode };

function lockMinutes(lockCount: number) {
  return Math.min(BASE_LOCK_MINUTES * 2 ** lockCount, MAX_LOCK_MINUTES);
}

/** A sign-in attempt, decided by `decideLogin`; an unreachable store refuses it. */
export async function attemptLogin(
  raw: unknown,
  ctx: LoginContext,
  rp: () => Promise<RelyingParty> = relyingParty,
): Promise<LoginResult> {
  try {
    return await decideLogin(raw, ctx, rp);
  } catch (err) {
    // Without the store or the database the limits and lockouts cannot be checked: fail closed,
    // and say so (not "invalid password", which would send the user hunting for a typo).
    if (!unavailableFrom(err, ctx.requestId)) throw err;
    return { ok: false, code: "UNAVAILABLE" };
  }
}

/**
 * The whole sign-in decision. Order matters: rate limits, then captcha when failures say so,
 * then exactly one bcrypt run (even for unknown emails; the hash never leaves the database), then
 * lock/disabled state, then TOTP. Every credential failure looks the same to the caller.
 */
async function decideLogin(
  raw: unknown,
  ctx: LoginContext,
  rp: () => Promise<RelyingParty>,
): Promise<LoginResult> {
  const anon: AnonymousPrincipal = { kind: "anonymous", ip: ctx.ip, requestId: ctx.requestId };
  const parsed = loginSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "INVALID" };
  const { email, password, totp, altcha, passkey } = parsed.data;
  // Failure counts for the captcha live in the store, keyed by address and by the email as
  // typed: an unknown email earns the captcha exactly like a real one (no account enumeration).
  const ipBucket = rateLimitBucket(ctx.ip);
  const failureKeys = [key("ipfail", ipBucket), key("emailfail", email)];

  const limits = loginLimits();
  const [ipLimit, accountLimit] = await Promise.all([
    limits.ip.limit(key("ip", ipBucket)),
    limits.account.limit(key("acct", email)),
  ]);
  if (!ipLimit.allowed || !accountLimit.allowed) {
    // Past the ceiling an attempt must cost next to nothing, or a flood buys a database write
    // (and the audit trail's growth) per request: the first refusal of an address or account in
    // its window is audited, the rest are only counted (metric `veil_limiter_rejections_total`).
    const refusing = ipLimit.allowed
      ? { key: key("limited:acct", email), window: accountLimit }
      : { key: key("limited:ip", ipBucket), window: ipLimit };
    if (await store().setIfAbsent(refusing.key, "1", refusing.window.resetSeconds)) {
      await recordAudit({
        actor: anon,
        action: "auth.login",
        outcome: "denied",
        detail: { reason: "rate_limited" },
      });
    } else {
      metrics().limiterRejections.inc({ limiter: "login" });
    }
    return { ok: false, code: "RATE_LIMITED" };
  }

  const user = await db().user.findUnique({ where: { email }, select: accountSelect });
  // Each attempt is counted before its password is checked, and given back once it proves not to
  // be a failure: a burst of concurrent guesses cannot all slip under the captcha threshold.
  const attempts = await Promise.all(
    failureKeys.map((k) => store().incrWithTtl(k, FAILURE_WINDOW_SECONDS)),
  );
  const notAFailure = (keys: string[]) =>
    Promise.all(keys.map((k) => store().incrByWithTtl(k, -1, FAILURE_WINDOW_SECONDS)));
  if (Math.max(...attempts) > CAPTCHA_AFTER_FAILURES && !(await verifyCaptcha(altcha))) {
    return { ok: false, code: "CAPTCHA_REQUIRED" };
  }

  // The same two queries and one bcrypt run whether or not the email has an account.
  const passwordOk = await verifyPassword(password, user?.id ?? null);
  const locked = Boolean(user?.lockedUntil && user.lockedUntil > new Date());
  if (!user || !passwordOk || user.disabled || locked) {
    await recordFailure(
      user,
      anon,
      locked ? "locked" : user?.disabled ? "disabled" : "bad_credentials",
      ctx,
    );
    return { ok: false, code: "INVALID" };
  }

  // Roles that must use single sign-on: the right password no longer opens a session.
  const standing = await localSignInStanding(user);
  if (standing === "sso_required") {
    await notAFailure(failureKeys);
    await recordAudit({
      actor: anon,
      action: "auth.login",
      target: { type: "user", id: user.id },
      outcome: "denied",
      detail: { reason: "sso_required" },
    });
    return { ok: false, code: "SSO_REQUIRED" };
  }

  const second = await checkLoginSecondFactor(user, { totp, passkey }, rp);
  if (second === "bad") {
    await recordFailure(user, anon, passkey ? "bad_passkey" : "bad_totp", ctx);
    return { ok: false, code: "INVALID" };
  }
  if (second !== null && typeof second === "object") {
    await notAFailure(failureKeys); // the password was right; the form asks for the factor
    return { ok: false, code: second.ask };
  }

  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
    // The break-glass admin while single sign-on is required: an alert on every use.
    await recordSignIn(
      tx,
      user.id,
      ctx,
      standing === "break_glass" ? { breakGlass: true } : undefined,
    );
  });
  // This email's failure count is cleared; the address only gets back this attempt's own count.
  // Clearing the address on success would let one attacker-owned account reset the threshold
  // for a stuffing run.
  await Promise.all([store().del(failureKeys[1]!), notAFailure([failureKeys[0]!])]);
  await clearReauthFailures(user.id);
  return {
    ok: true,
    user: signedInUser(user),
    secondFactor: second,
  };
}

async function recordFailure(
  user: { id: string; lockCount: number } | null,
  anon: AnonymousPrincipal,
  reason: Exclude<LoginFailureReason, "rate_limited">,
  ctx: LoginContext,
) {
  // Both paths run the same statements (an unknown email updates no row and records an event
  // without a user), so the time a failure takes does not tell whether the email exists.
  await db().$transaction(async (tx) => {
    // Incremented in the database and decided from the returned value: concurrent failures each
    // count, and exactly one of them crosses the threshold.
    const [counted] = await tx.$queryRaw<{ failedLogins: number; lockCount: number }[]>`
      UPDATE "User" SET "failedLogins" = "failedLogins" + ${reason === "locked" ? 0 : 1}
      WHERE id = ${user?.id ?? NO_USER}::uuid
      RETURNING "failedLogins", "lockCount"`;
    await tx.signInEvent.create({
      data: {
        userId: user?.id ?? null,
        ip: ctx.ip,
        userAgent: ctx.userAgent?.slice(0, 200),
        outcome: reason,
      },
    });
    // Ten failures are tolerated (the captcha slows them from the fourth); the eleventh locks.
    if (
      user &&
      counted &&
      reason !== "locked" &&
      counted.failedLogins === LOCK_AFTER_FAILURES + 1
    ) {
      const minutes = lockMinutes(counted.lockCount);
      await tx.user.update({
        where: { id: user.id },
        data: {
          failedLogins: 0,
          lockCount: { increment: 1 },
          lockedUntil: new Date(Date.now() + minutes * 60_000),
        },
      });
      // The `account_locked` alert rule fires on this event.
      await appendAudit(tx, {
        actor: anon,
        action: "auth.lockout",
        target: { type: "user", id: user.id },
        outcome: "denied",
        detail: { minutes },
      });
    }
    await appendAudit(tx, {
      actor: anon,
      action: "auth.login",
      target: user ? { type: "user", id: user.id } : null,
      outcome: "failure",
      detail: { reason },
    });
  });
  logger().info({ requestId: ctx.requestId, reason }, "sign-in failed");
}
