import "server-only";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import type { Tx } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { assertIndependentDecider } from "./independence";

// Four eyes, once for every kind of request (a card reveal, an erasure, the next one): a request
// is pending until decided; it is decided once (a conditional update, so of two concurrent
// decisions exactly one wins); never by the person who asked; and never by someone who is not
// independent of them (independence.ts). Each kind keeps its own table, audit actions and what
// an approval then allows; this is the part they share.

/** A request as the decision needs to see it. */
export type PendingRequest = {
  requestedBy: string;
  status: string;
  /** Requests that lapse: past this, the request cannot be decided. */
  expiresAt?: Date | null;
};

export type DecisionRules = {
  /** What to tell a requester who tries to decide their own request. */
  ownRequestMessage: string;
  /**
   * Records the decision, only while the request is still pending (and unexpired): the number
   * of rows changed, 1 when this decision won.
   */
  record(decidedAt: Date): Promise<number>;
};

/** Decides `request` for `decider` under the four-eyes rules: the request, and when. */
export async function decideOnce<R extends PendingRequest>(
  tx: Tx,
  decider: UserPrincipal,
  request: R | null,
  rules: DecisionRules,
): Promise<{ request: R; decidedAt: Date }> {
  const now = new Date();
  if (!request || request.status !== "pending" || (request.expiresAt && request.expiresAt < now))
    throw new AppError("NOT_FOUND", "no pending request");
  if (request.requestedBy === decider.userId)
    throw new AppError("FORBIDDEN", "self-approval", rules.ownRequestMessage);
  await assertIndependentDecider(tx, decider.userId, request.requestedBy);
  if ((await rules.record(now)) !== 1)
    throw new AppError("CONFLICT", "decided concurrently", "Someone else decided it first.");
  return { request, decidedAt: now };
}
