import "server-only";
import { alertTitle } from "./titles";
import { z } from "zod";
import { appendAudit } from "@/lib/server/audit/append";
import {
  requireCapability,
  requireUserCapability,
  type Principal,
} from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";

// The alert inbox: what the rules raised, and the people who look at it. Acknowledging says
// "someone is on it"; resolving closes it. Both are audited.

export const ALERT_STATES = ["open", "acknowledged", "resolved"] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export type AlertRow = {
  id: string;
  at: string;
  kind: string;
  /** What people read for `kind` (titles.ts). */
  title: string;
  severity: string;
  message: string;
  /** Whom it is about, by display name (staff or partner), looked up at read time. */
  subject: string | null;
  state: AlertState;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
};

const whereFor = (state: AlertState) =>
  state === "open"
    ? { acknowledgedAt: null, resolvedAt: null }
    : state === "acknowledged"
      ? { acknowledgedAt: { not: null }, resolvedAt: null }
      : { resolvedAt: { not: null } };

export async function listAlerts(actor: Principal, state: unknown): Promise<AlertRow[]> {
  requireCapability(actor, "alerts.manage");
  const s = parseInput(z.enum(ALERT_STATES), state ?? "open");
  const rows = await db().alert.findMany({
    where: whereFor(s),
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: 200,
  });
  const ids = (type: string) =>
    rows.filter((r) => r.subjectType === type && r.subjectId).map((r) => r.subjectId!);
  const staff = [
    ...ids("user"),
    ...rows.flatMap((r) => [r.acknowledgedBy, r.resolvedBy].filter((x): x is string => !!x)),
  ];
  const [users, partners] = await Promise.all([
    db().user.findMany({ where: { id: { in: staff } }, select: { id: true, name: true } }),
    db().partner.findMany({
      where: { id: { in: ids("partner") } },
      select: { id: true, name: true },
    }),
  ]);
  const name = new Map([...users, ...partners].map((x) => [x.id, x.name]));
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    title: alertTitle(r.kind),
    severity: r.severity,
    message: r.message,
    subject: r.subjectId
      ? (name.get(r.subjectId) ?? `${r.subjectType} ${r.subjectId.slice(0, 8)}`)
      : null,
    state: r.resolvedAt ? "resolved" : r.acknowledgedAt ? "acknowledged" : "open",
    acknowledgedBy: r.acknowledgedBy ? (name.get(r.acknowledgedBy) ?? "Unknown") : null,
    resolvedBy: r.resolvedBy ? (name.get(r.resolvedBy) ?? "Unknown") : null,
  }));
}

/** Unhandled alerts, for the badge in the admin navigation. */
export async function countOpenAlerts(actor: Principal): Promise<number> {
  requireCapability(actor, "alerts.manage");
  return db().alert.count({ where: whereFor("open") });
}

const alertActionSchema = z.object({
  alertId: z.string().uuid(),
  to: z.enum(["acknowledged", "resolved"]),
});

/** Moves an alert on (open → acknowledged → resolved, or straight to resolved). Audited. */
export async function updateAlert(actor: Principal, input: unknown) {
  requireUserCapability(actor, "alerts.manage");
  const { alertId, to } = parseInput(alertActionSchema, input);
  return db().$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.alert.updateMany({
      where:
        to === "acknowledged"
          ? { id: alertId, acknowledgedAt: null, resolvedAt: null }
          : { id: alertId, resolvedAt: null },
      data:
        to === "acknowledged"
          ? { acknowledgedAt: now, acknowledgedBy: actor.userId }
          : { resolvedAt: now, resolvedBy: actor.userId },
    });
    if (count !== 1)
      throw new AppError(
        "CONFLICT",
        "alert moved on",
        "Someone else has already handled this alert.",
      );
    await appendAudit(tx, {
      actor,
      action: to === "acknowledged" ? "alert.acknowledge" : "alert.resolve",
      target: { type: "alert", id: alertId },
    });
    return { state: to };
  });
}
