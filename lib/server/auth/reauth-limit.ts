import "server-only";
import { appendAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { store } from "@/lib/server/store";
import type { UserPrincipal } from "./principal";
import { forgetSessionUser } from "./session-state";

// Re-authentication inside a session (step-up, change password) is a password/TOTP oracle for
// whoever holds the cookie. A few failures end the session: the holder must sign in again,
// where the login defences (rate limits, captcha, lockout) apply.
export const REAUTH_FAILURE_LIMIT = 5;
const WINDOW_SECONDS = 15 * 60;

const key = (userId: string) => `veil:reauth:fail:${userId}`;

/** Refuses while the user is over the limit (their session has been ended). */
export async function assertReauthAllowed(viewer: UserPrincipal) {
  if (Number((await store().get(key(viewer.userId))) ?? 0) >= REAUTH_FAILURE_LIMIT)
    throw new AppError("UNAUTHENTICATED", "re-authentication locked: sign in again");
}

/** Counts a failure; the one that reaches the limit ends every session and raises an alert. */
export async function recordReauthFailure(viewer: UserPrincipal) {
  const failures = await store().incrWithTtl(key(viewer.userId), WINDOW_SECONDS);
  if (failures < REAUTH_FAILURE_LIMIT) return;
  if (failures === REAUTH_FAILURE_LIMIT) {
    await db().$transaction(async (tx) => {
      await tx.user.update({
        where: { id: viewer.userId },
        data: { sessionVersion: { increment: 1 } },
      });
      // The `step_up_failures` alert rule fires on this event.
      await appendAudit(tx, {
        actor: viewer,
        action: "auth.reauth_lockout",
        target: { type: "user", id: viewer.userId },
        outcome: "denied",
        detail: { failures },
      });
    });
    forgetSessionUser(viewer.userId);
  }
  throw new AppError("UNAUTHENTICATED", "too many failed re-authentications");
}

/** A fresh sign-in proves the user again. */
export async function clearReauthFailures(userId: string) {
  await store().del(key(userId));
}
