import "server-only";
import type { RoleName } from "@/lib/policy/capabilities";
import { EXACT_SEARCH_MODES, SEARCH_MODES, type SearchMode } from "@/lib/policy/field-policy";
import type { StepUpFactor } from "@/lib/server/auth/principal";
import { fieldLabel } from "@/lib/fields/catalogue";

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

/** The audit viewer's sections, in the order its Action picker lists them. */
export const ACTION_GROUPS = [
  "Sign-in",
  "Accounts",
  "Customers",
  "Searches",
  "Reveals and approvals",
  "GDPR and retention",
  "Data Mirror",
  "Partners",
  "Keys",
  "Audit trail",
  "Alerts",
] as const;
type ActionGroup = (typeof ACTION_GROUPS)[number];

/** What an action is, beyond its name: read by the alert rules and the viewer, never by regex. */
type ActionTraits = {
  /** What people read in the audit viewer ("Card number revealed", not `customer.reveal`). */
  label: string;
  group: ActionGroup;
  /** A change to accounts, partners, keys or alert settings (the working-hours rule). */
  adminChange?: true;
  /** A customer search, and by what. */
  search?: SearchMode;
};
const admin = (group: ActionGroup, label: string) => ({ group, label, adminChange: true }) as const;
const plain = (group: ActionGroup, label: string) => ({ group, label }) as const;

const searchLabel = (mode: SearchMode) =>
  mode === "name" || mode === "token" ? `Search by ${mode}` : `Search by ${fieldLabel(mode, true)}`;

/** One search action per search mode (the modes come from the field catalogue). */
const SEARCH_ACTION_TRAITS = Object.fromEntries(
  SEARCH_MODES.map((mode) => [
    `customer.search.${mode}`,
    { search: mode, group: "Searches", label: searchLabel(mode) },
  ]),
) as {
  [M in SearchMode as `customer.search.${M}`]: { search: M; group: "Searches"; label: string };
};

/**
 * Every action, at run time, with its traits (the audit viewer's filter lists them): the
 * `satisfies` keeps it complete.
 */
const ACTIONS = {
  "auth.login": plain("Sign-in", "Sign-in"),
  "auth.sso_logout": plain("Sign-in", "Signed out by the identity provider"),
  "auth.lockout": plain("Sign-in", "Account locked after failed sign-ins"),
  "auth.step_up": plain("Sign-in", "Identity confirmed again (step-up)"),
  "auth.reauth_lockout": plain("Sign-in", "Step-up locked after failed attempts"),
  "user.create": admin("Accounts", "User created"),
  "user.role_change": admin("Accounts", "Role changed"),
  "user.disable": admin("Accounts", "User disabled"),
  "user.enable": admin("Accounts", "User enabled"),
  "user.reset_2fa": admin("Accounts", "Two-factor reset by an admin"),
  "user.sign_out_everywhere": admin("Accounts", "Signed out everywhere by an admin"),
  "user.invite_reissue": admin("Accounts", "Invitation sent again"),
  "user.password_reset": admin("Accounts", "Password reset by an admin"),
  "user.password_change": plain("Accounts", "Password changed"),
  "user.set_password": plain("Accounts", "Password set from a link"),
  "user.2fa_enable": plain("Accounts", "Two-factor turned on"),
  "user.2fa_reenrol": plain("Accounts", "Two-factor set up again"),
  "user.2fa_disable": plain("Accounts", "Two-factor turned off"),
  "user.recovery_codes_regenerate": plain("Accounts", "New recovery codes"),
  "user.passkey_add": plain("Accounts", "Passkey added"),
  "user.passkey_remove": plain("Accounts", "Passkey removed"),
  "user.passkey_revoke": admin("Accounts", "Passkey revoked by an admin"),
  "customer.list": plain("Customers", "Customer list viewed"),
  "customer.read": plain("Customers", "Customer viewed"),
  "customer.create": plain("Customers", "Customer created"),
  "customer.import": plain("Customers", "Customers imported"),
  "customer.seed": plain("Customers", "Demo customers added"),
  "customer.update": plain("Customers", "Customer changed"),
  "customer.reveal": plain("Reveals and approvals", "Value revealed"),
  ...SEARCH_ACTION_TRAITS,
  "reveal.request": plain("Reveals and approvals", "Reveal requested"),
  "reveal.approve": plain("Reveals and approvals", "Reveal approved"),
  "reveal.decline": plain("Reveals and approvals", "Reveal declined"),
  "keys.rotate.start": admin("Keys", "Master key rotation started"),
  "keys.rotate.finish": admin("Keys", "Master key rotation finished"),
  "keys.create": admin("Keys", "Master key created"),
  "keys.rotate_signing": admin("Keys", "Token signing key rotated"),
  "audit.archive": plain("Audit trail", "Audit events archived"),
  "audit.search": plain("Audit trail", "Audit trail searched"),
  "audit.export": plain("Audit trail", "Audit trail exported"),
  "alert.acknowledge": plain("Alerts", "Alert acknowledged"),
  "alert.resolve": plain("Alerts", "Alert resolved"),
  "alert.settings_change": admin("Alerts", "Alert thresholds changed"),
  "settings.sso_required": admin("Sign-in", "Single sign-on requirement changed"),
  "settings.passkeys_required": admin("Sign-in", "Passkey requirement changed"),
  "scim.token_create": admin("Sign-in", "SCIM token created"),
  "scim.token_revoke": admin("Sign-in", "SCIM token revoked"),
  "scim.auth_failed": plain("Sign-in", "SCIM request with a bad token refused"),
  "scim.user_create": admin("Accounts", "User provisioned by the identity provider"),
  "scim.user_update": admin("Accounts", "User changed by the identity provider"),
  "scim.user_delete": admin("Accounts", "User deprovisioned by the identity provider"),
  "scim.group_change": admin("Accounts", "Group changed by the identity provider"),
  "gdpr.export": plain("GDPR and retention", "Personal data exported (access request)"),
  "gdpr.erase_request": plain("GDPR and retention", "Erasure requested"),
  "gdpr.erase_decline": plain("GDPR and retention", "Erasure declined"),
  "gdpr.erase": plain("GDPR and retention", "Customer erased"),
  "retention.run": plain("GDPR and retention", "Retention policy applied"),
  "retention.erase": plain("GDPR and retention", "Customers erased by retention"),
  "mirror.preview": plain("Data Mirror", "File previewed"),
  "mirror.run": plain("Data Mirror", "File masking started"),
  "mirror.complete": plain("Data Mirror", "File masked"),
  "partner.create": admin("Partners", "Partner created"),
  "partner.disable": admin("Partners", "Partner disabled"),
  "partner.enable": admin("Partners", "Partner enabled"),
  "partner.rotate_secret": admin("Partners", "Partner secret rotated"),
  "partner.share": admin("Partners", "Customers shared with a partner"),
  "partner.unshare": admin("Partners", "Customers no longer shared with a partner"),
  "partner.token": plain("Partners", "Partner token issued"),
  "partner.token_revoke": plain("Partners", "Partner token revoked"),
  "partner.network_refused": plain("Partners", "Partner call refused (address or origin)"),
  "partner.refresh_reuse": plain("Partners", "Used refresh token presented again"),
  "partner.auth_failed": plain("Partners", "Partner authentication failed"),
} satisfies Record<AuditAction, ActionTraits>;
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

export const SEARCH_ACTION = (mode: SearchMode): AuditAction => `customer.search.${mode}`;

/** The people-words for an action; an unknown key (an older row) is shown as it is. */
export const actionLabel = (action: string): string =>
  (ACTIONS as Record<string, ActionTraits>)[action]?.label ?? action;

/**
 * The Action picker's options: each action (of `only`, when given) with its label, in its
 * group, groups in order.
 */
export function actionOptions(
  only: readonly string[] = AUDIT_ACTIONS,
): { group: string; options: { value: string; label: string }[] }[] {
  return ACTION_GROUPS.map((group) => ({
    group,
    options: AUDIT_ACTIONS.filter((a) => ACTIONS[a].group === group && only.includes(a))
      .map((a) => ({ value: a, label: ACTIONS[a].label }))
      .sort((x, y) => x.label.localeCompare(y.label)),
  })).filter((g) => g.options.length);
}

const traits = (action: string): Partial<ActionTraits> =>
  (ACTIONS as Record<string, ActionTraits>)[action] ?? {};

/** Whether `action` changes accounts, partners, keys or alert settings. */
export const isAdminChange = (action: string): boolean => traits(action).adminChange === true;

/** The search mode of a `customer.search.*` action; undefined for any other action. */
export const searchModeOf = (action: string): SearchMode | undefined => traits(action).search;

/** The audit actions of exact (identifier) searches, the budgeted ones. */
export const EXACT_SEARCH_ACTIONS: readonly AuditAction[] = EXACT_SEARCH_MODES.map(SEARCH_ACTION);
