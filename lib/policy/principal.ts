import type { Role } from "@/lib/generated/prisma/enums";

// Who is acting on a request: the one definition, pure types, so the policy code that decides
// what a principal may do needs nothing from the server (lib/server/auth/principal.ts re-exports
// these beside the checks that throw).

export type StepUpFactor = "password" | "totp" | "recovery" | "passkey";

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
  /** False while an ADMIN/OFFICER has no second factor they must have: only enrolment is allowed. */
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
