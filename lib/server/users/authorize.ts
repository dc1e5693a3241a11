import "server-only";
import {
  requireCapability,
  requireStepUp,
  type Principal,
  type UserPrincipal,
} from "@/lib/server/auth/principal";
import { AppError } from "@/lib/server/errors";

/**
 * Account changes need `users.manage` and, for staff, a step-up in the last five minutes; the
 * operator's CLI (which holds the database credentials already) needs no step-up.
 */
export function authorizeUserManagement(actor: Principal) {
  requireCapability(actor, "users.manage");
  if (actor.kind === "user") requireStepUp(actor);
}

export function authorizeUserListing(actor: Principal) {
  requireCapability(actor, "users.manage");
}

/** Actions on one's own account: any signed-in staff member. */
export function requireUser(actor: Principal): UserPrincipal {
  if (actor.kind !== "user")
    throw new AppError("FORBIDDEN", `principal ${actor.kind} is not a user`);
  return actor;
}
