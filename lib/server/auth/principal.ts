import "server-only";
import type { Principal, UserPrincipal } from "@/lib/policy/principal";
import { capabilityProblem, type Capability } from "@/lib/policy/capabilities";
import { AppError } from "@/lib/server/errors";

import { STEP_UP_WINDOW_MS } from "@/lib/policy/step-up";

export { STEP_UP_WINDOW_MS };

// Who is acting: the types live in lib/policy (pure code decides on them); the checks that throw
// the app's errors live here.
export type {
  AnonymousPrincipal,
  PartnerLimits,
  PartnerPrincipal,
  Principal,
  StepUpFactor,
  SystemPrincipal,
  UserPrincipal,
} from "@/lib/policy/principal";

/** Throws unless `p` holds `cap` (staff users also need their required two-factor enrolled). */
export function requireCapability(p: Principal, cap: Capability): void {
  const problem = capabilityProblem(p, cap);
  if (problem) throw new AppError(problem, `${p.kind} ${principalId(p)} lacks ${cap}`);
}

/** A data function that checks one capability first, and says which (`.capability`). */
export type Requiring<F> = F & { readonly capability: Capability };

/**
 * Wraps a data function so that it checks `capability` before anything else, and carries it: a
 * route spec states `capability: fn.capability`, so the endpoint names its capability once and
 * the data layer still checks it (defence in depth, whoever calls it).
 */
export function requiring<Args extends unknown[], R>(
  capability: Capability,
  fn: (actor: Principal, ...args: Args) => Promise<R>,
): Requiring<(actor: Principal, ...args: Args) => Promise<R>> {
  const checked = async (actor: Principal, ...args: Args) => {
    requireCapability(actor, capability);
    return fn(actor, ...args);
  };
  return Object.assign(checked, { capability });
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
 * Sensitive actions need a password, passkey or TOTP re-entry within the last five minutes; with
 * `secondFactor`, only a passkey, TOTP or recovery code counts (a stolen cookie plus a phished password
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
  if (opts.secondFactor && (!p.stepUpFactor || p.stepUpFactor === "password")) {
    throw new AppError(
      "STEP_UP_REQUIRED",
      `user ${p.userId} needs step-up with the current second factor`,
      "Confirm with your passkey, a code from your current authenticator app or a recovery code.",
    );
  }
}
