import { env } from "@/lib/env";

// Every request limit and budget Veil enforces, in one place: how many, per how long, and the
// env variable that overrides it where operators may. Code that counts names the limit; no
// route spec or data function carries its own number. (Alert thresholds are settings admins
// change in the app: lib/server/alerts/thresholds.ts. A partner's own allowance is its row.)

export type Window = `${number} ${"s" | "m" | "h" | "d"}`;
export type Limit = { count: number; window: Window };

const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** A window's length in seconds. */
export function windowSeconds(w: Window): number {
  const [n, unit] = w.split(" ") as [string, keyof typeof SECONDS];
  return Number(n) * SECONDS[unit];
}

const LIMITS = {
  // Sign-in (any outcome), per client address and per account: above the captcha (after 3
  // failures) and the lockout (after 10), so people meet those first and an attacker a wall.
  signInPerAddress: () => ({ count: env().VEIL_LOGIN_LIMIT_PER_ADDRESS, window: "15 m" }),
  signInPerAccount: () => ({ count: env().VEIL_LOGIN_LIMIT_PER_ACCOUNT, window: "15 m" }),
  /** Wrong step-up or change-password secrets before the session ends. */
  reauthFailures: () => ({ count: 5, window: "15 m" }),
  /** Full-value reveals and subject exports per officer (a UTC day, counted from the audit trail). */
  revealsPerDay: () => ({ count: 20, window: "1 d" }),
  /** Exact identifier searches per user. */
  exactSearches: () => ({ count: env().VEIL_EXACT_SEARCH_BUDGET_PER_HOUR, window: "1 h" }),
  /** Subject exports of one customer, whoever asks. */
  subjectExportsPerCustomer: () => ({ count: 3, window: "1 d" }),
  /** Refusals before authentication per client address (second review #9). */
  anonymousRefusals: () => ({ count: env().VEIL_ANONYMOUS_REFUSALS_PER_ADDRESS, window: "15 m" }),
  // Per route, per caller (a user, a partner, or a client address on public routes).
  "route:audit-export": () => ({ count: 10, window: "1 m" }),
  "route:gdpr-export": () => ({ count: 30, window: "1 h" }),
  "route:mirror-run": () => ({ count: 60, window: "1 h" }),
  "route:mirror-preview": () => ({ count: 120, window: "1 h" }),
  "route:captcha": () => ({ count: 120, window: "15 m" }),
  "route:passkey-options": () => ({ count: 120, window: "15 m" }),
  "route:oauth-token": () => ({ count: 30, window: "1 m" }),
  "route:oauth-revoke": () => ({ count: 60, window: "1 m" }),
} satisfies Record<string, () => Limit>;

export type LimitName = keyof typeof LIMITS;
export type RouteLimitName = Extract<LimitName, `route:${string}`>;

/** The limit in force (env overrides are read each time: a changed setting applies at once). */
export function limit(name: LimitName): Limit {
  return LIMITS[name]();
}
