import "server-only";
import type { RateKind } from "./rate-rules";

// What each kind of alert is called on screen (the kind key stays in the database and the
// webhook, for programs).

export const ALERT_TITLES: Record<RateKind | RuleKind, string> = {
  failed_sign_in_burst_account: "Many failed sign-ins on one account",
  failed_sign_in_burst_address: "Many failed sign-ins from one address",
  reveal_velocity: "Many reveals by one officer",
  bulk_read: "Many records read by one user or partner",
  exact_search_burst: "Many exact searches by one user",
  partner_refusal_spike: "Many refused partner calls",
  account_locked: "Account locked",
  reveal_budget_exceeded: "Daily reveal budget exceeded",
  exact_search_budget_exceeded: "Exact-search budget exceeded",
  step_up_failures: "Repeated failed identity checks",
  refresh_token_reuse: "Partner refresh token replayed",
  admin_change_off_hours: "Admin change outside working hours",
  two_factor_reenrolled: "Authenticator app replaced",
  break_glass_sign_in: "Break-glass account used",
};

export type RuleKind =
  | "account_locked"
  | "reveal_budget_exceeded"
  | "exact_search_budget_exceeded"
  | "step_up_failures"
  | "refresh_token_reuse"
  | "admin_change_off_hours"
  | "two_factor_reenrolled"
  | "break_glass_sign_in";

/** The title for `kind`; an unknown kind (a test's, an older one) reads as words. */
export const alertTitle = (kind: string): string =>
  (ALERT_TITLES as Record<string, string>)[kind] ??
  kind.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
