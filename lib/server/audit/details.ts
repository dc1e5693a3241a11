import "server-only";
import type { RoleName } from "@/lib/policy/capabilities";
import type { SearchMode } from "@/lib/policy/field-policy";
import type { StepUpFactor } from "@/lib/server/auth/principal";

// Every audit action Veil writes, with the shape of its `detail`. `detail` holds structured facts
// (a reason code, a count, a role) and never personal data; `purpose` is reserved for why personal
// data was accessed (a purpose code and a case reference).

type None = Record<never, never>;

export type LoginFailureReason =
  | "bad_credentials"
  | "bad_totp"
  | "bad_passkey"
  | "locked"
  | "disabled"
  | "rate_limited"
  | "sso_required";

/** A Data Mirror column as audited: its position, detected type and rule. */
export type MirrorColumnAudit = { index: number; type: string; level: string };

export type AuditDetails = {
  "auth.login":
    | { reason: LoginFailureReason }
    | None
    | { breakGlass: true }
    | { via: "sso" }
    | {
        via: "sso";
        reason: "no_mapped_group" | "disabled" | "email_taken" | "no_email" | "invalid_response";
      };
  "auth.lockout": { minutes: number };
  /** The identity provider ended the person's session (OIDC back-channel logout). */
  "auth.sso_logout": None;
  "auth.step_up": { factor: StepUpFactor } | None;
  "auth.reauth_lockout": { failures: number };
  /** `via: "sso"`: created or changed by a single sign-on (the identity provider's groups). */
  "user.create": { role: RoleName; via?: "sso" };
  "user.role_change": { role: RoleName; via?: "sso" };
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
  "user.passkey_add": None;
  "user.passkey_remove": None;
  /** An admin revoked one of a user's passkeys. */
  "user.passkey_revoke": None;
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
  "partner.share": {
    selection: "all" | "created" | "chosen";
    changed: number;
    sharedCount: number;
  };
  "partner.unshare": {
    selection: "all" | "created" | "chosen";
    changed: number;
    sharedCount: number;
  };
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
  "settings.sso_required": { roles: RoleName[] };
  "settings.passkeys_required": { required: boolean };
  "scim.token_create": None;
  "scim.token_revoke": None;
  "scim.auth_failed": None;
  /** Changes the identity provider made over SCIM (`actor` system "scim"). */
  "scim.user_create": { role: RoleName | null };
  "scim.user_update": { active?: boolean; role?: RoleName | null };
  "scim.user_delete": None;
  "scim.group_change": { members: number };
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
