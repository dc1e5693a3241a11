import "server-only";
import type { RoleName } from "@/lib/policy/capabilities";
import { EXACT_SEARCH_MODES, SEARCH_MODES, type SearchMode } from "@/lib/policy/field-policy";
import type { StepUpFactor } from "@/lib/server/auth/principal";

// Every audit action Veil writes, with the shape of its `detail`. `detail` holds structured facts
// (a reason code, a count, a role) and never personal data; `purpose` is reserved for why personal
// data was accessed (a purpose code and a case reference).

type None = Record<never, never>;

export type LoginFailureReason =
  "bad_credentials" | "bad_totp" | "locked" | "disabled" | "rate_limited";

/** A Data Mirror column as audited: its position, detected type and rule. */
export type MirrorColumnAudit = { index: number; type: string; level: string };

export type AuditDetails = {
  "auth.login": { reason: LoginFailureReason } | None;
  "auth.lockout": { minutes: number };
  "auth.step_up": { factor: StepUpFactor } | None;
  "auth.reauth_lockout": { failures: number };
  "user.create": { role: RoleName };
  "user.role_change": { role: RoleName };
  "user.disable": None;
  "user.enable": None;
  "user.reset_2fa": None;
  "user.sign_out_everywhere": None;
  "user.invite_reissue": None;
  "user.password_reset": None;
  "user.password_change": None;
  /** `stage: "check"`: a dead link opened (before any password was typed). */
  "user.set_password": { stage: "check" } | None;
  "user.2fa_enable": None;
  "user.2fa_reenrol": None;
  "user.2fa_disable": None;
  "user.recovery_codes_regenerate": None;
  "customer.list": None;
  "customer.read": None;
  "customer.create": None;
  "customer.import": None;
  "customer.seed": None;
  "customer.update": None;
  /** `refused`: the error code of a refused reveal (budget, approval, role, step-up, input). */
  "customer.reveal": { refused: string } | None;
  "reveal.request": None;
  "reveal.approve": None;
  "reveal.decline": None;
  "keys.rotate.start": { remaining: number; toKeyId: string };
  "keys.rotate.finish": { rewrapped: number; toKeyId: string };
  "keys.create": { provider: "pkcs11"; extractable: boolean };
  /** `summary`: how many archived rows per action (a retention run's count, never content). */
  "audit.archive": {
    archived: number;
    throughSeq: string | null;
    summary?: Record<string, number>;
  };
  "partner.create": { profile: string; scopes: string[] };
  "partner.disable": None;
  "partner.enable": None;
  "partner.rotate_secret": { overlapMinutes: number };
  /** Customers shared with a partner (how many new shares; never which values). */
  "partner.share": { shared: number };
  /** A token request: `error` is the RFC 6749 code of a refusal. */
  "partner.token": { grant: string; error?: string };
  "partner.token_revoke": { kind: "access_token" | "refresh_token" | "unknown" };
  /** A partner request from an address or browser origin the partner does not list. */
  "partner.network_refused": { reason: "ip" | "origin" };
  /** A spent refresh token was presented again: its whole family was revoked. */
  "partner.refresh_reuse": None;
  /** A partner API call refused for a missing, invalid, expired or revoked token. */
  "partner.auth_failed": None;
  "keys.rotate_signing": { kid: string; retired: number };
  /** Someone read the audit trail: which filters they used (names only, never their values). */
  "audit.search": { filters: string[] };
  "audit.export": { filters: string[]; format: "csv" | "json" };
  "alert.acknowledge": None;
  "alert.resolve": None;
  /** Alert thresholds an admin changed: names and new values (numbers, never personal data). */
  "alert.settings_change": { changed: Record<string, number> };
  /** A subject access export: every field in full, with the case it answers (the purpose). */
  "gdpr.export": { refused: "BUDGET" | "NOT_FOUND" } | None;
  "gdpr.erase_request": { request: string };
  "gdpr.erase_decline": { request: string };
  /** The erasing transaction's own row: the deletion certificate points at it. */
  "gdpr.erase": { request: string; requestedBy: string };
  /** A retention run: what each rule removed or archived (counts, never values). */
  "retention.run": { rules: Record<string, number> };
  /** Customers removed by the retention policy (ids in targetIds). */
  "retention.erase": { rule: string };
  /** Data Mirror: metadata only (sizes, column types and rules, k), never a value or file name. */
  "mirror.preview": { bytes: number; columns: MirrorColumnAudit[] };
  "mirror.run": { run: string; columns: MirrorColumnAudit[]; project: boolean; kColumns: number };
  "mirror.complete": {
    run: string;
    bytes: number;
    rows: number;
    k: number | null;
    columns?: MirrorColumnAudit[];
    error?: string;
  };
} & {
  [M in SearchMode as `customer.search.${M}`]: { result: "hit" | "miss" | "over_budget" };
};

export type AuditAction = keyof AuditDetails;

/** What an action is, beyond its name: read by the alert rules and the viewer, never by regex. */
type ActionTraits = {
  /** A change to accounts, partners, keys or alert settings (the working-hours rule). */
  adminChange?: true;
  /** A customer search, and by what. */
  search?: SearchMode;
};
const ADMIN_CHANGE = { adminChange: true } as const;

/** One search action per search mode (the modes come from the field catalogue). */
const SEARCH_ACTION_TRAITS = Object.fromEntries(
  SEARCH_MODES.map((mode) => [`customer.search.${mode}`, { search: mode }]),
) as { [M in SearchMode as `customer.search.${M}`]: { search: M } };

/**
 * Every action, at run time, with its traits (the audit viewer's filter lists them): the
 * `satisfies` keeps it complete.
 */
const ACTIONS = {
  "auth.login": {},
  "auth.lockout": {},
  "auth.step_up": {},
  "auth.reauth_lockout": {},
  "user.create": ADMIN_CHANGE,
  "user.role_change": ADMIN_CHANGE,
  "user.disable": ADMIN_CHANGE,
  "user.enable": ADMIN_CHANGE,
  "user.reset_2fa": ADMIN_CHANGE,
  "user.sign_out_everywhere": ADMIN_CHANGE,
  "user.invite_reissue": ADMIN_CHANGE,
  "user.password_reset": ADMIN_CHANGE,
  "user.password_change": {},
  "user.set_password": {},
  "user.2fa_enable": {},
  "user.2fa_reenrol": {},
  "user.2fa_disable": {},
  "user.recovery_codes_regenerate": {},
  "customer.list": {},
  "customer.read": {},
  "customer.create": {},
  "customer.import": {},
  "customer.seed": {},
  "customer.update": {},
  "customer.reveal": {},
  ...SEARCH_ACTION_TRAITS,
  "reveal.request": {},
  "reveal.approve": {},
  "reveal.decline": {},
  "keys.rotate.start": ADMIN_CHANGE,
  "keys.rotate.finish": ADMIN_CHANGE,
  "keys.create": ADMIN_CHANGE,
  "keys.rotate_signing": ADMIN_CHANGE,
  "audit.archive": {},
  "audit.search": {},
  "audit.export": {},
  "alert.acknowledge": {},
  "alert.resolve": {},
  "alert.settings_change": ADMIN_CHANGE,
  "gdpr.export": {},
  "gdpr.erase_request": {},
  "gdpr.erase_decline": {},
  "gdpr.erase": {},
  "retention.run": {},
  "retention.erase": {},
  "mirror.preview": {},
  "mirror.run": {},
  "mirror.complete": {},
  "partner.create": ADMIN_CHANGE,
  "partner.disable": ADMIN_CHANGE,
  "partner.enable": ADMIN_CHANGE,
  "partner.rotate_secret": ADMIN_CHANGE,
  "partner.share": ADMIN_CHANGE,
  "partner.token": {},
  "partner.token_revoke": {},
  "partner.network_refused": {},
  "partner.refresh_reuse": {},
  "partner.auth_failed": {},
} satisfies Record<AuditAction, ActionTraits>;
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

export const SEARCH_ACTION = (mode: SearchMode): AuditAction => `customer.search.${mode}`;

const traits = (action: string): ActionTraits =>
  (ACTIONS as Record<string, ActionTraits>)[action] ?? {};

/** Whether `action` changes accounts, partners, keys or alert settings. */
export const isAdminChange = (action: string): boolean => traits(action).adminChange === true;

/** The search mode of a `customer.search.*` action; undefined for any other action. */
export const searchModeOf = (action: string): SearchMode | undefined => traits(action).search;

/** The audit actions of exact (identifier) searches, the budgeted ones. */
export const EXACT_SEARCH_ACTIONS: readonly AuditAction[] = EXACT_SEARCH_MODES.map(SEARCH_ACTION);
