import "server-only";
import { limit, windowSeconds } from "@/lib/policy/limits";
import { appendAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { store } from "@/lib/server/store";
import type { UserPrincipal } from "./principal";
import { forgetSessionUser } from "./session-state";

// Re-authentication inside a session (step-up, change password) is a password/TOTP oracle for
// whoever holds the cookie. A few failures end the session: the holder must sign in again,
// where the login defences (rate limits, captcha, lockout) apply.

const key = (userId: string) => `veil:reauth:fail:${userId}`;

/**
 * Checks one re-authentication attempt under the limit. The attempt is counted atomically
 * *before* `verify` runs (as sign-in does), so concurrent guesses cannot all pass a read of the
 * count; a success gives its attempt back. The failure that reaches the limit ends every
 * session and raises an alert (and throws). `verify` returns null for a wrong secret, and so
 * does this, for the caller's own message.
 */
export async function withReauthAttempt<T>(
  viewer: UserPrincipal,
  verify: () => Promise<T | null>,
): Promise<T | null> {
  const { count: allowed, window } = limit("reauthFailures");
  const seconds = windowSeconds(window);
  const attempt = await store().incrWithTtl(key(viewer.userId), seconds);
  if (attempt > allowed)
    throw new AppError("UNAUTHENTICATED", "re-authentication locked: sign in again");
  let result: T | null = null;
  try {
    result = await verify();
  } finally {
    if (result !== null) await store().incrByWithTtl(key(viewer.userId), -1, seconds);
  }
  if (result === null && attempt === allowed) {
    await endSessionsAfterFailures(viewer, attempt);
    throw new AppError("UNAUTHENTICATED", "too many failed re-authentications");
  }
  return result;
}

async function endSessionsAfterFailures(viewer: UserPrincipal, failures: number) {
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

/** A fresh sign-in proves the user again. */
export async function clearReauthFailures(userId: string) {
  await store().del(key(userId));
}
