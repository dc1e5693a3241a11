import "server-only";
import type { RoleName } from "@/lib/policy/capabilities";
import type { SearchMode } from "@/lib/policy/field-policy";
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

/** Every action, at run time (the audit viewer's filter): the `satisfies` keeps it complete. */
const ACTIONS = {
  "auth.login": true,
  "auth.lockout": true,
  "auth.step_up": true,
  "auth.reauth_lockout": true,
  "user.create": true,
  "user.role_change": true,
  "user.disable": true,
  "user.enable": true,
  "user.reset_2fa": true,
  "user.sign_out_everywhere": true,
  "user.invite_reissue": true,
  "user.password_reset": true,
  "user.password_change": true,
  "user.set_password": true,
  "user.2fa_enable": true,
  "user.2fa_reenrol": true,
  "user.2fa_disable": true,
  "user.recovery_codes_regenerate": true,
  "customer.list": true,
  "customer.read": true,
  "customer.create": true,
  "customer.import": true,
  "customer.seed": true,
  "customer.update": true,
  "customer.reveal": true,
  "customer.search.name": true,
  "customer.search.email": true,
  "customer.search.pan": true,
  "customer.search.iban": true,
  "customer.search.nationalId": true,
  "customer.search.token": true,
  "reveal.request": true,
  "reveal.approve": true,
  "reveal.decline": true,
  "keys.rotate.start": true,
  "keys.rotate.finish": true,
  "keys.rotate_signing": true,
  "audit.archive": true,
  "audit.search": true,
  "audit.export": true,
  "alert.acknowledge": true,
  "alert.resolve": true,
  "alert.settings_change": true,
  "gdpr.export": true,
  "gdpr.erase_request": true,
  "gdpr.erase_decline": true,
  "gdpr.erase": true,
  "retention.run": true,
  "retention.erase": true,
  "mirror.preview": true,
  "mirror.run": true,
  "mirror.complete": true,
  "partner.create": true,
  "partner.disable": true,
  "partner.enable": true,
  "partner.rotate_secret": true,
  "partner.share": true,
  "partner.token": true,
  "partner.token_revoke": true,
  "partner.network_refused": true,
  "partner.refresh_reuse": true,
  "partner.auth_failed": true,
} satisfies Record<AuditAction, true>;
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

export const SEARCH_ACTION = (mode: SearchMode): AuditAction => `customer.search.${mode}`;
