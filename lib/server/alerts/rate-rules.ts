import "server-only";
import { EXACT_SEARCH_ACTIONS } from "@/lib/server/audit/catalogue";
import { db, type Tx } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { addHits, hitsSoFar } from "@/lib/server/store/window-counter";
import { raiseAlert, type AlertInput } from "./raise";
import type { AppendedEvent } from "@/lib/server/audit/subscribers";
import { thresholds, type Thresholds } from "./thresholds";

// Rate rules: "too many of X by one subject within N minutes". Counted by the window counters
// (Redis across instances, in-process without) in fixed windows of N minutes, judged over the
// current and the previous window (so a burst across a boundary is not split; the effective span
// is N to 2N minutes). A rule costs a counter increment per event instead of a scan of the audit
// table; an alert fires once, when a subject's count crosses the threshold. Counting never blocks or fails the action: a store
// outage only costs alerts, and is logged.

type Subject = { type: string; id: string };

export type RateKind =
  | "failed_sign_in_burst_account"
  | "failed_sign_in_burst_address"
  | "reveal_velocity"
  | "bulk_read"
  | "exact_search_burst"
  | "partner_refusal_spike";

const LIMITS: Record<
  RateKind,
  {
    severity: AlertInput["severity"];
    limit(t: Thresholds): { count: number; minutes: number };
    message(l: { count: number; minutes: number }): string;
  }
> = {
  failed_sign_in_burst_account: {
    severity: "medium",
    limit: (t) => ({ count: t.failedSignInsPerAccount, minutes: t.failedSignInMinutes }),
    message: (l) => `${l.count} failed sign-ins on one account within ${l.minutes} min.`,
  },
  failed_sign_in_burst_address: {
    severity: "high",
    limit: (t) => ({ count: t.failedSignInsPerAddress, minutes: t.failedSignInMinutes }),
    message: (l) =>
      `${l.count} failed sign-ins from one address within ${l.minutes} min: possible password spraying.`,
  },
  reveal_velocity: {
    severity: "high",
    limit: (t) => ({ count: t.revealsPerWindow, minutes: t.revealMinutes }),
    message: (l) => `${l.count} full-value reveals by one officer within ${l.minutes} min.`,
  },
  bulk_read: {
    severity: "high",
    limit: (t) => ({ count: t.recordsReadPerWindow, minutes: t.recordsReadMinutes }),
    message: (l) =>
      `${l.count} customer records read by one user or partner within ${l.minutes} min: possible bulk extraction.`,
  },
  exact_search_burst: {
    severity: "high",
    limit: (t) => ({ count: t.exactSearchesPerWindow, minutes: t.exactSearchMinutes }),
    message: (l) =>
      `${l.count} exact identifier searches by one user within ${l.minutes} min: possible enumeration.`,
  },
  partner_refusal_spike: {
    severity: "medium",
    limit: (t) => ({ count: t.partnerRefusalsPerWindow, minutes: t.partnerRefusalMinutes }),
    message: (l) =>
      `${l.count} refused partner API calls (401/429) from one source within ${l.minutes} min.`,
  },
};

/** Every rate rule's kind (what the tests hold `mayRaiseAlert` to). */
export const RATE_KINDS = Object.keys(LIMITS) as RateKind[];

/** Adds to a subject's count for `kind`; raises the alert (in `tx`, or its own) on crossing. */
export async function countTowardsAlert(
  kind: RateKind,
  subject: Subject,
  by = 1,
  tx?: Tx,
): Promise<void> {
  try {
    const rule = LIMITS[kind];
    const limit = rule.limit(tx ? await thresholds(tx) : await db().$transaction(thresholds));
    const window = Math.floor(Date.now() / (limit.minutes * 60_000));
    // One counter per window of N minutes, kept for two windows (the next one reads it).
    const prefix = `veil:alert-rate:${kind}`;
    const lifetime = limit.minutes * 120 + 5;
    const key = (w: number) => `${subject.type}:${subject.id}:${w}`;
    // This window plus the one before: a burst that straddles a window boundary still counts.
    const n = await addHits(prefix, lifetime, key(window), by);
    const total = n + (await hitsSoFar(prefix, lifetime, key(window - 1)));
    if (total - by >= limit.count || total < limit.count) return;
    const alert = { kind, severity: rule.severity, message: rule.message(limit), subject };
    if (tx) await raiseAlert(tx, alert);
    else await db().$transaction((t) => raiseAlert(t, alert));
  } catch (err) {
    logger().warn({ kind, err: (err as Error).message }, "alert rate counting failed");
  }
}

const EXACT_SEARCHES = new Set<string>(EXACT_SEARCH_ACTIONS);
const user = (e: AppendedEvent) =>
  e.actorType === "user" && e.actorId ? { type: "user", id: e.actorId } : null;

/** Which counters an appended event adds to. */
export function rateCounts(e: AppendedEvent): { kind: RateKind; subject: Subject; by: number }[] {
  const out: { kind: RateKind; subject: Subject; by: number }[] = [];
  const failure = e.outcome !== "success";
  if (e.action === "auth.login" && failure) {
    if (e.targetType === "user" && e.targetId)
      out.push({
        kind: "failed_sign_in_burst_account",
        subject: { type: "user", id: e.targetId },
        by: 1,
      });
    if (e.ip)
      out.push({
        kind: "failed_sign_in_burst_address",
        subject: { type: "address", id: e.ip },
        by: 1,
      });
  }
  if ((e.action === "customer.reveal" || e.action === "gdpr.export") && !failure && user(e))
    out.push({ kind: "reveal_velocity", subject: user(e)!, by: 1 });
  if ((e.action === "customer.read" || e.action === "customer.list") && !failure && e.actorId) {
    const records = e.targetIds.length || (e.targetId ? 1 : 0);
    if (records && (e.actorType === "user" || e.actorType === "partner"))
      out.push({ kind: "bulk_read", subject: { type: e.actorType, id: e.actorId }, by: records });
  }
  if (EXACT_SEARCHES.has(e.action) && user(e))
    out.push({ kind: "exact_search_burst", subject: user(e)!, by: 1 });
  if (e.action === "partner.auth_failed" && e.ip)
    out.push({ kind: "partner_refusal_spike", subject: { type: "address", id: e.ip }, by: 1 });
  return out;
}
