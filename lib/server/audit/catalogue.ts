import "server-only";
import { EXACT_SEARCH_MODES, SEARCH_MODES, type SearchMode } from "@/lib/policy/field-policy";
import { fieldLabel } from "@/lib/fields/catalogue";
import type { AuditAction } from "./details";

export type { AuditAction, AuditDetails, LoginFailureReason, MirrorColumnAudit } from "./details";

// Every audit action's group, label and traits for the audit viewer and the alert rules; the shape
// of each action's `detail` is in ./details.ts.

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
