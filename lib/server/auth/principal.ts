import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/server/errors";

export const STEP_UP_WINDOW_MS = 5 * 60 * 1000;

export type StepUpFactor = "password" | "totp" | "recovery";

/** A signed-in staff member, as checked against the database on this request. */
export type UserPrincipal = {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  role: Role;
  /** When the user last re-entered a password or TOTP code (ms since epoch), if at all. */
  stepUpAt: number | null;
  /** What the user re-entered then: replacing a factor needs the current second factor. */
  stepUpFactor: StepUpFactor | null;
  /** False while an ADMIN/OFFICER has not enrolled TOTP yet: only enrolment is allowed. */
  mfaSatisfied: boolean;
  ip: string | null;
  requestId: string | null;
};

export type PartnerPrincipal = {
  kind: "partner";
  partnerId: string;
  profile: string;
  scopes: string[];
  ip: string | null;
  requestId: string | null;
};

/** Someone not signed in (a login attempt), identified only by network facts. */
export type AnonymousPrincipal = { kind: "anonymous"; ip: string | null; requestId: string | null };

/** Veil itself or an operator at the CLI. */
export type SystemPrincipal = { kind: "system"; name: string };

export type Principal = UserPrincipal | PartnerPrincipal | AnonymousPrincipal | SystemPrincipal;

export const ROLES_REQUIRING_TOTP: readonly Role[] = ["ADMIN", "OFFICER"];

/** Throws unless the caller is a staff user holding one of `roles` with MFA satisfied. */
export function requireRole(p: Principal, ...roles: Role[]): asserts p is UserPrincipal {
  if (p.kind !== "user") throw new AppError("FORBIDDEN", `principal ${p.kind} is not a user`);
  if (!p.mfaSatisfied) throw new AppError("MFA_REQUIRED", `user ${p.userId} has not enrolled TOTP`);
  if (!roles.includes(p.role))
    throw new AppError("FORBIDDEN", `role ${p.role} lacks ${roles.join("|")}`);
}

/**
 * Sensitive actions need a password or TOTP re-entry within the last five minutes; with
 * `secondFactor`, only a TOTP or recovery code counts (a stolen cookie plus a phished password
 * must not be enough to replace the authenticator).
 */
export function requireStepUp(
  p: UserPrincipal,
  opts: { secondFactor?: boolean; now?: number } = {},
) {
  const now = opts.now ?? Date.now();
  if (!p.stepUpAt || now - p.stepUpAt > STEP_UP_WINDOW_MS || p.stepUpAt > now + 60_000) {
    throw new AppError("STEP_UP_REQUIRED", `user ${p.userId} needs step-up`);
  }
  if (opts.secondFactor && p.stepUpFactor !== "totp" && p.stepUpFactor !== "recovery") {
    throw new AppError(
      "STEP_UP_REQUIRED",
      `user ${p.userId} needs step-up with the current second factor`,
      "Confirm with a code from your current authenticator app or a recovery code.",
    );
  }
}
