import "server-only";
import { cutoff, retentionRules, type RetentionRuleId } from "@/lib/policy/retention";
import { appendAudit } from "@/lib/server/audit/append";
import { archiveAuditBefore } from "@/lib/server/audit/retention";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { shredCustomers } from "@/lib/server/customers/shred";
import { db } from "@/lib/server/db";

// The retention run: first a plan (which records each rule has due, by id), then, unless it is a
// dry run, exactly that plan carried out in batches, each batch with its audit row. The plan is
// what a dry run prints, so an operator can check it; the real run acts on the plan's ids, never
// on a second query, so it changes exactly what it listed.

export type RetentionItem = {
  rule: RetentionRuleId;
  records: string;
  /** Records older than this are due. */
  before: string;
  count: number;
  /** The due records' ids (audit: none; its rows are archived through `throughSeq`). */
  ids: string[];
  /** Audit only: the last sealed row to archive, and how many rows per action. */
  throughSeq?: string;
  summary?: Record<string, number>;
};

export type RetentionPlan = { asOf: string; items: RetentionItem[] };

const BATCH = 500;

/**
 * Which records are due now, rule by rule: a read only (ids and dates, never personal data).
 * Audit rows are planned through the last sealed one (an unsealed row cannot be archived yet).
 */
export async function planRetention(now = new Date()): Promise<RetentionPlan> {
  const items: RetentionItem[] = [];
  for (const rule of retentionRules()) {
    const before = cutoff(rule, now);
    const item = { rule: rule.id, records: rule.records, before: before.toISOString() };
    const ids = async (rows: Promise<{ id: string }[]>) => (await rows).map((r) => r.id);
    switch (rule.id) {
      case "customers": {
        const due = await ids(
          db().customer.findMany({
            where: { updatedAt: { lt: before } },
            select: { id: true },
            orderBy: { updatedAt: "asc" },
          }),
        );
        items.push({ ...item, count: due.length, ids: due });
        break;
      }
      case "audit": {
        const last = await db().auditEvent.findFirst({
          where: { at: { lt: before }, seq: { not: null } },
          orderBy: { seq: "desc" },
          select: { seq: true },
        });
        const groups =
          last?.seq != null
            ? await db().auditEvent.groupBy({
                by: ["action"],
                where: { seq: { lte: last.seq } },
                _count: { id: true },
              })
            : [];
        const summary = Object.fromEntries(groups.map((g) => [g.action, g._count.id]));
        const count = Object.values(summary).reduce((a, b) => a + b, 0);
        items.push({
          ...item,
          count,
          ids: [],
          ...(last?.seq != null ? { throughSeq: String(last.seq), summary } : {}),
        });
        break;
      }
      case "sign_ins": {
        const due = await ids(
          db().signInEvent.findMany({ where: { at: { lt: before } }, select: { id: true } }),
        );
        items.push({ ...item, count: due.length, ids: due });
        break;
      }
      case "reveal_requests": {
        const due = await ids(
          db().revealRequest.findMany({
            where: { createdAt: { lt: before }, expiresAt: { lt: now } },
            select: { id: true },
          }),
        );
        items.push({ ...item, count: due.length, ids: due });
        break;
      }
      case "refresh_tokens": {
        const due = await ids(
          db().refreshToken.findMany({
            where: { expiresAt: { lt: before } },
            select: { id: true },
          }),
        );
        items.push({ ...item, count: due.length, ids: due });
        break;
      }
    }
  }
  return { asOf: now.toISOString(), items };
}

function chunks<T>(all: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/**
 * Carries out a plan: each rule's ids in batches (one transaction per batch, audited), the audit
 * archive through the planned row. `onProgress` hears how many records are done of how many.
 * Returns what each rule changed.
 */
export async function applyRetention(
  actor: SystemPrincipal,
  plan: RetentionPlan,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<Record<RetentionRuleId, number>> {
  const total = plan.items.reduce((n, i) => n + i.count, 0);
  let done = 0;
  const changed = {} as Record<RetentionRuleId, number>;
  const tick = (n: number) => onProgress((done += n), total);
  for (const item of plan.items) {
    changed[item.rule] = 0;
    if (item.rule === "audit") {
      if (item.throughSeq === undefined) continue;
      const r = await archiveAuditBefore(actor, new Date(item.before), {
        throughSeq: BigInt(item.throughSeq),
        summary: item.summary,
      });
      changed.audit = r.archived;
      tick(r.archived);
      continue;
    }
    for (const batch of chunks(item.ids)) {
      const n = await db().$transaction(async (tx): Promise<number> => {
        switch (item.rule) {
          case "customers": {
            const gone = await shredCustomers(tx, batch);
            if (gone.length)
              await appendAudit(tx, {
                actor,
                action: "retention.erase",
                targets: { type: "customer", ids: gone },
                detail: { rule: item.rule },
              });
            return gone.length;
          }
          case "sign_ins":
            return (await tx.signInEvent.deleteMany({ where: { id: { in: batch } } })).count;
          case "reveal_requests":
            return (await tx.revealRequest.deleteMany({ where: { id: { in: batch } } })).count;
          case "refresh_tokens":
            return (await tx.refreshToken.deleteMany({ where: { id: { in: batch } } })).count;
          default:
            return 0;
        }
      });
      changed[item.rule] += n;
      tick(batch.length);
    }
  }
  await db().$transaction((tx) =>
    appendAudit(tx, { actor, action: "retention.run", detail: { rules: changed } }),
  );
  return changed;
}
