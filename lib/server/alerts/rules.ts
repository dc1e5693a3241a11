import "server-only";
import type { Tx } from "@/lib/server/db";
import { actionLabel, isAdminChange, searchModeOf } from "@/lib/server/audit/catalogue";
import type { AppendedEvent } from "@/lib/server/audit/subscribers";
import { countTowardsAlert, rateCounts } from "./rate-rules";
import { raiseAlert, type AlertInput } from "./raise";
import { thresholds, type Thresholds } from "./thresholds";
import type { RuleKind } from "./titles";

type Rule = {
  kind: RuleKind;
  severity: AlertInput["severity"];
  matches(e: AppendedEvent, t: Thresholds): boolean;
  message(e: AppendedEvent, t: Thresholds): string;
  /** Whom the alert is about: the target user, or the acting user. */
  subject(e: AppendedEvent): { type: string; id: string } | undefined;
  /** Raise at most once per subject in this window (a refused burst is one alert). */
  quietSeconds?: number;
};

function outsideWorkingHours(at: Date, t: Thresholds) {
  const day = at.getUTCDay();
  const hour = at.getUTCHours();
  return day === 0 || day === 6 || hour < t.workdayStartHourUtc || hour >= t.workdayEndHourUtc;
}

const WEEKDAY = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" });
const pad = (hour: number) => String(hour).padStart(2, "0");

const targetUser = (e: AppendedEvent) =>
  e.targetType === "user" && e.targetId ? { type: "user", id: e.targetId } : undefined;
const actingUser = (e: AppendedEvent) =>
  e.actorType === "user" && e.actorId ? { type: "user", id: e.actorId } : undefined;

/**
 * Alerts are rules over appended audit events, evaluated in the event's own transaction: the
 * alert exists exactly when its event does. Messages carry no personal data.
 */
export const ALERT_RULES: readonly Rule[] = [
  {
    kind: "account_locked",
    severity: "high",
    matches: (e) => e.action === "auth.lockout",
    message: (e) =>
      `Account locked for ${e.detail?.minutes ?? "?"} min after repeated failed sign-ins.`,
    subject: targetUser,
  },
  {
    kind: "reveal_budget_exceeded",
    severity: "high",
    // A subject export is a reveal: it spends, and is refused by, the same budget.
    matches: (e) =>
      (e.action === "customer.reveal" || e.action === "gdpr.export") &&
      e.detail?.refused === "BUDGET",
    message: () => "Daily reveal budget exceeded.",
    subject: actingUser,
  },
  {
    kind: "exact_search_budget_exceeded",
    severity: "high",
    matches: (e) => searchModeOf(e.action) !== undefined && e.detail?.result === "over_budget",
    message: () => "Exact-search budget exceeded: possible enumeration of identifiers.",
    subject: actingUser,
    quietSeconds: 3600,
  },
  {
    kind: "step_up_failures",
    severity: "high",
    matches: (e) => e.action === "auth.reauth_lockout",
    message: (e) =>
      `${e.detail?.failures ?? "Repeated"} failed re-authentications in a session; the session was ended.`,
    subject: targetUser,
  },
  {
    kind: "refresh_token_reuse",
    severity: "high",
    matches: (e) => e.action === "partner.refresh_reuse",
    message: () =>
      "A spent partner refresh token was replayed (possible token theft); its token family was revoked.",
    subject: (e) => (e.targetId ? { type: "partner", id: e.targetId } : undefined),
  },
  {
    kind: "admin_change_off_hours",
    severity: "medium",
    matches: (e, t) =>
      e.actorType === "user" &&
      e.outcome === "success" &&
      isAdminChange(e.action) &&
      outsideWorkingHours(e.at, t),
    message: (e, t) => {
      const when = `${WEEKDAY.format(e.at)} ${e.at.toISOString().slice(11, 16)} UTC`;
      const hours = `${pad(t.workdayStartHourUtc)}:00–${pad(t.workdayEndHourUtc)}:00 UTC, Monday to Friday`;
      const weekend = [0, 6].includes(e.at.getUTCDay())
        ? `; ${WEEKDAY.format(e.at)} counts as outside`
        : "";
      return `${actionLabel(e.action)}: an admin change made ${when}, outside working hours (${hours}${weekend}).`;
    },
    subject: actingUser,
  },
  {
    kind: "two_factor_reenrolled",
    severity: "medium",
    matches: (e) => e.action === "user.2fa_reenrol",
    message: () => "A user replaced their authenticator app; their other sessions were ended.",
    subject: targetUser,
  },
  {
    kind: "break_glass_sign_in",
    severity: "high",
    matches: (e) =>
      e.action === "auth.login" &&
      e.outcome === "success" &&
      (e.detail as { breakGlass?: boolean } | null)?.breakGlass === true,
    message: () =>
      "The break-glass admin account signed in with its password while single sign-on is required. Check that the identity provider is really down and who used it.",
    subject: targetUser,
  },
];

/**
 * Whether evaluating the rules for `event` could write anything: count towards a rate rule or
 * raise an alert. An event that cannot needs no transaction of its own for them (conservative:
 * every admin change may meet the working-hours rule, whatever the hour).
 */
export function mayRaiseAlert(event: AppendedEvent): boolean {
  if (rateCounts(event).length || isAdminChange(event.action)) return true;
  // Only the working-hours rule reads thresholds, and only for admin changes (handled above).
  return ALERT_RULES.some((rule) => rule.matches(event, undefined!));
}

export async function evaluateAlertRules(
  tx: Tx,
  event: AppendedEvent,
  rules: readonly Rule[] = ALERT_RULES,
) {
  const counts = rateCounts(event);
  for (const c of counts) await countTowardsAlert(c.kind, c.subject, c.by, tx);
  // Thresholds are only read for the few events a threshold rule could match.
  const t = isAdminChange(event.action) ? await thresholds(tx) : null;
  for (const rule of rules) {
    if (!rule.matches(event, t!)) continue;
    const subject = rule.subject(event);
    if (rule.quietSeconds && subject) {
      const recent = await tx.alert.count({
        where: {
          kind: rule.kind,
          subjectType: subject.type,
          subjectId: subject.id,
          at: { gte: new Date(Date.now() - rule.quietSeconds * 1000) },
        },
      });
      if (recent) continue;
    }
    await raiseAlert(tx, {
      kind: rule.kind,
      severity: rule.severity,
      message: rule.message(event, t!),
      subject,
    });
  }
}
