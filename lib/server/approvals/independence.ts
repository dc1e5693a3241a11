import "server-only";
import { env } from "@/lib/env";
import type { Principal } from "@/lib/server/auth/principal";
import type { Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";

// Who may be the second pair of eyes. Four eyes means two independent people, and an admin
// who has just created an account or reset its password or second factor may be holding its
// credentials. So for VEIL_FOUR_EYES_COOLING_DAYS after that (a) the account decides no four-eyes
// request, and (b) that admin decides none of the account's requests. Two accounts one admin
// made are therefore never each other's approvers in that window, and an admin cannot approve
// the erasure an officer it just made asked for. The rule lives here; reveal approvals and
// erasure decisions both meet it through decide.ts (docs/security.md, "Four eyes").

/**
 * The columns recording that `actor` set an account's credentials just now: a staff member's
 * doing only (the seed and the CLI act as the system, which holds no one's credentials).
 */
export function credentialsSetBy(actor: Principal) {
  return actor.kind === "user"
    ? { credentialsSetBy: actor.userId, credentialsSetAt: new Date() }
    : {};
}

/** Refuses a decision unless the decider is independent of the requester's provisioning. */
export async function assertIndependentDecider(tx: Tx, deciderId: string, requesterId: string) {
  const since = new Date(Date.now() - env().VEIL_FOUR_EYES_COOLING_DAYS * 86_400_000);
  const recent = await tx.user.findMany({
    where: {
      id: { in: [deciderId, requesterId] },
      credentialsSetBy: { not: null },
      credentialsSetAt: { gt: since },
    },
    select: { id: true, credentialsSetBy: true },
  });
  const decider = recent.find((u) => u.id === deciderId);
  const requester = recent.find((u) => u.id === requesterId);
  const days = env().VEIL_FOUR_EYES_COOLING_DAYS;
  if (decider)
    throw new AppError(
      "FORBIDDEN",
      "decider's credentials were set by an admin recently",
      `Your account was set up or reset by an admin in the last ${days} days, so it is not yet an independent second pair of eyes. Ask another colleague.`,
    );
  if (requester?.credentialsSetBy === deciderId)
    throw new AppError(
      "FORBIDDEN",
      "decider set the requester's credentials recently",
      `You set up or reset the requester's account in the last ${days} days, so you are not an independent second pair of eyes. Ask another colleague.`,
    );
}
