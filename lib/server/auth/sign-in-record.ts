import "server-only";
import type { AuditDetails } from "@/lib/server/audit/catalogue";
import { appendAudit } from "@/lib/server/audit/append";
import type { Tx } from "@/lib/server/db";

/** Where a sign-in came from (for its record and audit row). */
export type LoginContext = {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
};

/**
 * What every successful sign-in leaves, whichever way it came (password or single sign-on): the
 * account's recent sign-ins (its account page) and the audit row, in the caller's transaction.
 */
export async function recordSignIn(
  tx: Tx,
  userId: string,
  ctx: LoginContext,
  detail?: AuditDetails["auth.login"],
) {
  await tx.signInEvent.create({
    data: { userId, ip: ctx.ip, userAgent: ctx.userAgent?.slice(0, 200), outcome: "success" },
  });
  await appendAudit(tx, {
    actor: { kind: "anonymous", ip: ctx.ip, requestId: ctx.requestId },
    action: "auth.login",
    target: { type: "user", id: userId },
    outcome: "success",
    ...(detail ? { detail } : {}),
  });
}

/** The account fields a successful sign-in hands to next-auth (one shape for both ways in). */
export function signedInUser<R extends string>(u: {
  id: string;
  email: string;
  name: string;
  role: R;
  sessionVersion: number;
}) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, sessionVersion: u.sessionVersion };
}
