// Who may do what, as one table. Every check in the data layer asks for a capability, never for a
// role; the UI asks `can()` to decide what to offer. Partner scopes map onto the same names.
// This module and the field policy table are the only places that name roles.
import type { Role } from "@/lib/generated/prisma/enums";
import type { Principal } from "./principal";

export const ROLES = ["AGENT", "OFFICER", "ANALYST", "ADMIN"] as const satisfies readonly Role[];
export type RoleName = (typeof ROLES)[number];
/** The role with the least access (pseudonyms only): what an account no mapped group names gets. */
export const LEAST_ROLE: RoleName = "ANALYST";

export const ROLE_LABELS: Record<RoleName, string> = {
  AGENT: "Agent",
  OFFICER: "Officer",
  ANALYST: "Analyst",
  ADMIN: "Admin",
};

/** The role a new staff account gets unless the admin picks another (the least powerful useful one). */
export const DEFAULT_ROLE: RoleName = "AGENT";

/** Roles that must sign in with two-factor authentication. */
export const ROLES_REQUIRING_TOTP: readonly RoleName[] = ["ADMIN", "OFFICER"];

export const CAPABILITIES = {
  /** See customer records, masked for the viewer. */
  "customers.read": ["AGENT", "OFFICER", "ANALYST", "ADMIN"],
  /** Create and edit customer records. */
  "customers.write": ["AGENT", "OFFICER", "ADMIN"],
  /** Ask for one field of one record in full (audited, budgeted, with a purpose). */
  "customers.reveal": ["OFFICER"],
  /** Approve or decline another officer's four-eyes reveal request. */
  "reveal.decide": ["OFFICER"],
  /** Create, change, disable staff accounts. */
  "users.manage": ["ADMIN"],
  /** Read the whole audit trail (and its chain status, exports). */
  "audit.read": ["ADMIN"],
  /** Read record-access events only: who read, searched for or revealed which customer's data. */
  "audit.read_access": ["OFFICER", "ADMIN"],
  /** See, acknowledge and resolve suspicious-activity alerts. */
  "alerts.manage": ["ADMIN"],
  /** GDPR: export everything held on one customer, with its access history (step-up). */
  "gdpr.export": ["OFFICER"],
  /** GDPR: ask for a customer to be erased (crypto-shredded) once another person approves. */
  "gdpr.erase_request": ["OFFICER"],
  /** GDPR: approve or decline someone else's erasure request; approving erases (step-up). */
  "gdpr.erase_decide": ["OFFICER", "ADMIN"],
  /** Mask files with the Data Mirror. */
  "mirror.use": ["AGENT", "OFFICER", "ANALYST", "ADMIN"],
  /** Manage partner integrations and their keys. */
  "partners.manage": ["ADMIN"],
} as const satisfies Record<string, readonly RoleName[]>;
export type Capability = keyof typeof CAPABILITIES;

/** Partner token scopes, as capabilities. */
export const PARTNER_SCOPES: Readonly<Record<string, readonly Capability[]>> = {
  "customers:read": ["customers.read"],
  "customers:write": ["customers.write"],
};

/** The operator's CLI holds the database credentials already; it may do these, no more. */
const SYSTEM_CAPABILITIES: readonly Capability[] = [
  "customers.write",
  "users.manage",
  "audit.read",
  "partners.manage",
  "mirror.use",
];

export function rolesWith(cap: Capability): readonly RoleName[] {
  return CAPABILITIES[cap];
}

export function roleCan(role: string, cap: Capability): boolean {
  return (CAPABILITIES[cap] as readonly string[]).includes(role);
}

export function requiresTotp(role: string): boolean {
  return (ROLES_REQUIRING_TOTP as readonly string[]).includes(role);
}

/**
 * Whether a user may act beyond enrolling: in a role that needs no second factor, or holding one
 * it accepts (a passkey only, while passkeys are required for it).
 */
export function mfaSatisfied(
  role: string,
  has: { totp: boolean; passkey: boolean },
  passkeyRequired = false,
): boolean {
  if (!requiresTotp(role)) return true;
  return has.passkey || (!passkeyRequired && has.totp);
}

/** Why `p` may not use `cap`, or null when it may. */
export function capabilityProblem(
  p: Principal,
  cap: Capability,
): "FORBIDDEN" | "MFA_REQUIRED" | null {
  switch (p.kind) {
    case "user":
      if (!roleCan(p.role, cap)) return "FORBIDDEN";
      return p.mfaSatisfied ? null : "MFA_REQUIRED";
    case "partner":
      return p.scopes.some((s) => PARTNER_SCOPES[s]?.includes(cap)) ? null : "FORBIDDEN";
    case "system":
      return SYSTEM_CAPABILITIES.includes(cap) ? null : "FORBIDDEN";
    case "anonymous":
      return "FORBIDDEN";
  }
}

/** For the UI: whether to offer something. The data layer still checks. */
export function can(p: Principal | null, cap: Capability): boolean {
  return p !== null && capabilityProblem(p, cap) === null;
}

/** Where a staff member lands after sign-in. */
export function homePathFor(role: string): string {
  return roleCan(role, "users.manage") ? "/admin/users" : "/customers";
}
