import "server-only";
import { changePasswordSchema } from "@/lib/schemas/users";
import { audited, recordAudit } from "@/lib/server/audit/append";
import { passwordProblem } from "@/lib/server/auth/password-policy";
import { hashPassword, verifyPassword } from "@/lib/server/auth/passwords";
import type { Principal } from "@/lib/server/auth/principal";
import { withReauthAttempt } from "@/lib/server/auth/reauth-limit";
import { forgetSessionUser } from "@/lib/server/auth/session-state";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { requireUser } from "./authorize";
import { accountOf } from "./own-account";

/** Changes the password and ends every other session; returns the new session version. */
export async function changeOwnPassword(
  actor: Principal,
  input: unknown,
): Promise<{ sessionVersion: number }> {
  const viewer = requireUser(actor);
  const { current, next } = parseInput(changePasswordSchema, input);
  const u = await withReauthAttempt(viewer, async () => {
    const account = await accountOf(viewer.userId);
    if (await verifyPassword(current, account.id)) return account;
    await recordAudit({
      actor: viewer,
      action: "user.password_change",
      target: { type: "user", id: account.id },
      outcome: "failure",
    });
    return null;
  });
  if (!u) {
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
