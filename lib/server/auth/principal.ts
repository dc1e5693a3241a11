import "server-only";
import type { Role } from "@/lib/generated/prisma/enums";
import { capabilityProblem, type Capability } from "@/lib/policy/capabilities";
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

export type PartnerLimits = { perMinute: number; perHour: number | null; perDay: number };

export type PartnerPrincipal = {
  kind: "partner";
  partnerId: string;
  profile: string;
  scopes: string[];
  /** Requests allowed per window (per minute and day; per hour when set). */
  limits: PartnerLimits;
  /** Where its requests may come from: addresses (empty: anywhere) and browser origins. */
  network: { ipAllowList: string[]; corsOrigins: string[] };
  /** The purpose code every data access by this partner is audited under. */
  purpose: string;
  /** The client-secret generation the credentials (or token) were issued under. */
  secretGeneration: number;
  ip: string | null;
  requestId: string | null;
};

/** Someone not signed in (a login attempt), identified only by network facts. */
export type AnonymousPrincipal = { kind: "anonymous"; ip: string | null; requestId: string | null };

/** Veil itself or an operator at the CLI. */
export type SystemPrincipal = { kind: "system"; name: string };

export type Principal = UserPrincipal | PartnerPrincipal | AnonymousPrincipal | SystemPrincipal;

/** Throws unless `p` holds `cap` (staff users also need their required two-factor enrolled). */
export function requireCapability(p: Principal, cap: Capability): void {
  const problem = capabilityProblem(p, cap);
  if (problem) throw new AppError(problem, `${p.kind} ${principalId(p)} lacks ${cap}`);
}

/** As `requireCapability`, for actions only a signed-in staff member can take. */
export function requireUserCapability(p: Principal, cap: Capability): asserts p is UserPrincipal {
  if (p.kind !== "user") throw new AppError("FORBIDDEN", `${p.kind} is not a staff user (${cap})`);
  requireCapability(p, cap);
}

function principalId(p: Principal) {
  return p.kind === "user" ? p.userId : p.kind === "partner" ? p.partnerId : p.kind;
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
