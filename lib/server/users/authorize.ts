import "server-only";
import { requireRole, requireStepUp, type Principal } from "@/lib/server/auth/principal";
import { AppError } from "@/lib/server/errors";

/**
 * Admin changes: an ADMIN who stepped up in the last five minutes, or the operator's CLI
 * (who already holds the database credentials).
 */
export function authorizeAdminChange(actor: Principal) {
  if (actor.kind === "system") return;
  requireRole(actor, "ADMIN");
  requireStepUp(actor);
}

export function authorizeAdminRead(actor: Principal) {
  if (actor.kind === "system") return;
  requireRole(actor, "ADMIN");
}

export function requireUser(actor: Principal) {
  if (actor.kind !== "user")
    throw new AppError("FORBIDDEN", `principal ${actor.kind} is not a user`);
  return actor;
}
