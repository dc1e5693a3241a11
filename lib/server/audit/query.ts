import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { can } from "@/lib/policy/capabilities";
import {
  AUDIT_PAGE_SIZE,
  auditQuerySchema,
  type ActivityDay,
  type AuditQuery,
  type AuditRow,
} from "@/lib/schemas/audit";
import { requireCapability, type Principal } from "@/lib/server/auth/principal";
import { db, type Tx } from "@/lib/server/db";
import { parseInput } from "@/lib/server/validation";
import { appendAudit } from "./append";
import { SEARCH_ACTION, type AuditAction, actionLabel } from "./catalogue";
import { SEARCH_MODES } from "@/lib/policy/field-policy";

// Reading the audit trail: who may read which events, the filters as one query on indexed
// columns, keyset paging (stable under appends), and actor names looked up at read time.

/** Events about customer records: what officers may read (who saw which customer, and why). */
export const RECORD_ACCESS_ACTIONS: readonly AuditAction[] = [
  "customer.read",
  "customer.list",
  ...SEARCH_MODES.map(SEARCH_ACTION),
  "customer.reveal",
  "gdpr.export",
  "gdpr.erase_request",
  "gdpr.erase_decline",
  "gdpr.erase",
  "retention.erase",
  "customer.create",
  "customer.update",
  "customer.import",
  "reveal.request",
  "reveal.approve",
  "reveal.decline",
];

type Scope = "all" | "record_access";

/** The whole trail for `audit.read`; record-access events only for `audit.read_access`. */
export function auditScope(actor: Principal): Scope {
  if (can(actor, "audit.read")) return "all";
  requireCapability(actor, "audit.read_access");
  return "record_access";
}

function encodeCursor(row: { at: Date; id: string }) {
  return Buffer.from(`${row.at.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const when = at ? new Date(at) : null;
  return when && !Number.isNaN(when.getTime()) && id && /^[0-9a-f-]{36}$/.test(id)
    ? { at: when, id }
    : null;
}

/** A date-only end is inclusive: the whole of that day (UTC). */
function endOf(to: string) {
  const d = new Date(to);
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(d.getTime() + 86_400_000) : d;
}

/** The filters that were used, by name (what `audit.search` records: never their values). */
export function usedFilters(q: AuditQuery): string[] {
  return Object.entries(q)
    .filter(([k, v]) => v !== undefined && k !== "cursor")
    .map(([k]) => k);
}

export function auditWhere(q: AuditQuery, scope: Scope): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (scope === "record_access") and.push({ action: { in: [...RECORD_ACCESS_ACTIONS] } });
  if (q.actor) and.push({ actorType: "user", actorId: q.actor });
  if (q.partner) and.push({ actorType: "partner", actorId: q.partner });
  if (q.customer)
    and.push({
      OR: [{ targetType: "customer", targetId: q.customer }, { targetIds: { has: q.customer } }],
    });
  if (q.action) and.push({ action: q.action });
  if (q.field) and.push({ fields: { array_contains: [{ field: q.field }] } });
  if (q.purpose) and.push({ purpose: { contains: q.purpose, mode: "insensitive" } });
  if (q.outcome) and.push({ outcome: q.outcome });
  if (q.from) and.push({ at: { gte: new Date(q.from) } });
  if (q.to) and.push({ at: { lt: endOf(q.to) } });
  return { AND: and };
}

const rowColumns = {
  id: true,
  seq: true,
  at: true,
  actorType: true,
  actorId: true,
  action: true,
  targetType: true,
  targetId: true,
  targetIds: true,
  fields: true,
  purpose: true,
  outcome: true,
  detail: true,
  requestId: true,
  ip: true,
} satisfies Prisma.AuditEventSelect;
type RawRow = Prisma.AuditEventGetPayload<{ select: typeof rowColumns }>;

/** Staff and partner names for the actors on a page (ids stay the source of truth). */
async function actorLabels(tx: Tx, rows: RawRow[]) {
  const ids = (type: string) => [
    ...new Set(rows.filter((r) => r.actorType === type && r.actorId).map((r) => r.actorId!)),
  ];
  const userIds = ids("user").filter((id) => /^[0-9a-f-]{36}$/.test(id));
  const partnerIds = ids("partner").filter((id) => /^[0-9a-f-]{36}$/.test(id));
  // One after the other: a transaction is one connection, which runs one query at a time (pg
  // deprecates queueing a second one on a busy client).
  const users = await tx.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true },
  });
  const partners = await tx.partner.findMany({
    where: { id: { in: partnerIds } },
    select: { id: true, name: true },
  });
  const names = new Map<string, string>([
    ...users.map((u) => [`user:${u.id}`, u.name] as const),
    ...partners.map((p) => [`partner:${p.id}`, `${p.name} (partner)`] as const),
  ]);
  return (r: RawRow) =>
    names.get(`${r.actorType}:${r.actorId}`) ??
    (r.actorType === "system"
      ? `System (${r.actorId ?? "veil"})`
      : r.actorType === "anonymous"
        ? "Not signed in"
        : "Unknown");
}

function toRow(r: RawRow, label: (r: RawRow) => string): AuditRow {
  return {
    id: r.id,
    seq: r.seq === null ? null : String(r.seq),
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    actorLabel: label(r),
    action: r.action,
    actionLabel: actionLabel(r.action),
    targetType: r.targetType,
    targetId: r.targetId,
    targetCount: r.targetIds.length,
    fields: Array.isArray(r.fields) ? (r.fields as AuditRow["fields"]) : [],
    purpose: r.purpose,
    outcome: r.outcome,
    detail: (r.detail as Record<string, unknown> | null) ?? null,
    requestId: r.requestId,
    ip: r.ip,
  };
}

/** Up to `take` rows matching `where`, newest first, after `cursor`. */
export async function auditPage(
  tx: Tx,
  where: Prisma.AuditEventWhereInput,
  cursor: string | undefined,
  take: number,
): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const after = cursor ? decodeCursor(cursor) : null;
  const raw = await tx.auditEvent.findMany({
    where: after
      ? { AND: [where, { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] }] }
      : where,
    select: rowColumns,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const label = await actorLabels(tx, raw);
  const page = raw.slice(0, take);
  return {
    rows: page.map((r) => toRow(r, label)),
    nextCursor: raw.length > take ? encodeCursor(page[page.length - 1]!) : null,
  };
}

/**
 * One page of the audit trail for the viewer. Reading the trail is itself audited, with the
 * names of the filters used.
 */
export async function searchAudit(actor: Principal, input: unknown) {
  const scope = auditScope(actor);
  const q = parseInput(auditQuerySchema, input);
  return db().$transaction(async (tx) => {
    const page = await auditPage(tx, auditWhere(q, scope), q.cursor, AUDIT_PAGE_SIZE);
    await appendAudit(tx, {
      actor,
      action: "audit.search",
      detail: { filters: usedFilters(q) },
    });
    return { ...page, scope };
  });
}

/** Who touched one customer's record, newest first: for the customer page. */
export async function customerAccessHistory(actor: Principal, customerId: string, take = 20) {
  auditScope(actor);
  return db().$transaction((tx) =>
    auditPage(tx, auditWhere({ customer: customerId }, "record_access"), undefined, take),
  );
}

/** Staff and partners to filter by (names for the pickers; the URL carries only their ids). */
export async function auditFilterOptions(actor: Principal) {
  auditScope(actor);
  const [users, partners] = await Promise.all([
    db().user.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    db().partner.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { users, partners };
}

/** Daily counts for the audit page's charts (whole trail readers only). */
export async function auditActivity(actor: Principal, days = 14): Promise<ActivityDay[]> {
  requireCapability(actor, "audit.read");
  const since = new Date(Date.now() - days * 86_400_000);
  since.setUTCHours(0, 0, 0, 0);
  const rows = await db().$queryRaw<
    { day: Date; reads: bigint; reveals: bigint; searches: bigint; failed: bigint }[]
  >`SELECT date_trunc('day', "at") AS day,
      count(*) FILTER (WHERE "action" IN ('customer.read', 'customer.list')) AS reads,
      count(*) FILTER (WHERE "action" = 'customer.reveal' AND "outcome" = 'success') AS reveals,
      count(*) FILTER (WHERE "action" LIKE 'customer.search.%') AS searches,
      count(*) FILTER (WHERE "action" = 'auth.login' AND "outcome" <> 'success') AS failed
    FROM "AuditEvent" WHERE "at" >= ${since} GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [r.day.toISOString().slice(0, 10), r]));
  return Array.from({ length: days + 1 }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      reads: Number(r?.reads ?? 0),
      reveals: Number(r?.reveals ?? 0),
      searches: Number(r?.searches ?? 0),
      failedSignIns: Number(r?.failed ?? 0),
    };
  });
}
