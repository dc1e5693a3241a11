import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/server/auth/principal";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, driverExecute, type Tx } from "@/lib/server/db";
import { evaluateAlertRules, mayRaiseAlert } from "@/lib/server/alerts/rules";
import { isDependencyDown } from "@/lib/server/errors";
import { logger } from "@/lib/server/log";
import { currentRequestId, withRequestContext } from "@/lib/server/request-context";
import { countAuditEvent, metrics } from "@/lib/server/metrics";
import type { AuditAction, AuditDetails } from "./catalogue";
import { CURRENT_HASH_VERSION, type FieldAccess } from "./chain";
import { sealSoon } from "./seal";

type AuditBase = {
  actor: Principal;
  target?: { type: string; id: string } | null;
  /** For reads of many records at once (a list page): every id touched. */
  targets?: { type: string; ids: string[] };
  fields?: FieldAccess[];
  /** Why personal data was accessed (purpose code and case reference). Data access only. */
  purpose?: string | null;
  outcome?: "success" | "denied" | "failure";
};

/** One event: an action from the catalogue with the detail shape that action declares. */
export type AuditInput<A extends AuditAction = AuditAction> = AuditBase & {
  action: A;
  detail?: AuditDetails[A];
};

function actorOf(p: Principal): {
  actorType: string;
  actorId: string | null;
  requestId: string | null;
  ip: string | null;
} {
  switch (p.kind) {
    case "user":
      return { actorType: "user", actorId: p.userId, requestId: p.requestId, ip: p.ip };
    case "partner":
      return { actorType: "partner", actorId: p.partnerId, requestId: p.requestId, ip: p.ip };
    case "anonymous":
      return { actorType: "anonymous", actorId: null, requestId: p.requestId, ip: p.ip };
    case "system":
      return { actorType: "system", actorId: p.name, requestId: null, ip: null };
  }
}

/** A partner's data access is always audited under the purpose its contract names. */
function partnerPurpose(input: AuditInput): string | null {
  return input.actor.kind === "partner" && input.fields?.length ? input.actor.purpose : null;
}

/**
 * Serialises transactions about one subject (e.g. an officer's reveal budget): a transaction-
 * scoped advisory lock, so a count-then-append check cannot be raced past its limit.
 */
export async function serialiseFor(tx: Tx, subject: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${subject}, 0))`;
}

function auditRow(input: AuditInput) {
  return {
    id: randomUUID(),
    at: new Date(),
    ...actorOf(input.actor),
    action: input.action,
    targetType: input.target?.type ?? input.targets?.type ?? null,
    targetId: input.target?.id ?? null,
    targetIds: input.targets?.ids ?? [],
    fields: input.fields && input.fields.length ? input.fields : null,
    purpose: input.purpose ?? partnerPurpose(input),
    detail: (input.detail && Object.keys(input.detail).length ? input.detail : null) as Record<
      string,
      unknown
    > | null,
    outcome: input.outcome ?? "success",
    hashVersion: CURRENT_HASH_VERSION,
  };
}
type AuditRow = ReturnType<typeof auditRow>;

/** The INSERT of rows, each with its target ids given as SQL (a list, or a subquery). */
function insertSql(...rows: { row: AuditRow; targetIds: Prisma.Sql }[]): Prisma.Sql {
  const values = rows.map(
    ({ row, targetIds }) => Prisma.sql`(${row.id}::uuid, ${row.at}, ${row.actorType},
      ${row.actorId}, ${row.action}, ${row.targetType}, ${row.targetId}, ${targetIds},
      ${row.fields === null ? null : JSON.stringify(row.fields)}::jsonb, ${row.purpose},
      ${row.detail === null ? null : JSON.stringify(row.detail)}::jsonb, ${row.outcome},
      ${row.requestId}, ${row.ip}, ${row.hashVersion}::smallint)`,
  );
  return Prisma.sql`
    INSERT INTO "AuditEvent" ("id", "at", "actorType", "actorId", "action", "targetType",
      "targetId", "targetIds", "fields", "purpose", "detail", "outcome", "requestId", "ip",
      "hashVersion")
    VALUES ${Prisma.join(values)}`;
}
const listed = (row: AuditRow) => ({ row, targetIds: Prisma.sql`${row.targetIds}::varchar[]` });

/** An audit INSERT, timed for the append-latency metric. */
async function timedInsert(run: () => Promise<unknown>) {
  const stopTimer = metrics().auditAppend.startTimer();
  await run();
  stopTimer();
}

/** What follows every durable append: metrics, alert rules, and a seal soon. */
async function appended(tx: Tx, row: AuditRow) {
  countAuditEvent(row);
  await evaluateAlertRules(tx, row);
  sealSoon();
}

/**
 * Appends one event inside the caller's transaction: durable exactly when the caller's action
 * is (if anything fails, both roll back). The row is inserted unsealed; the sealer chains it
 * once committed (lib/server/audit/seal.ts), so concurrent writers never queue on the chain.
 */
export async function appendAudit<A extends AuditAction>(
  tx: Tx,
  input: AuditInput<A>,
): Promise<{ id: string }> {
  const row = auditRow(input);
  // One plain INSERT (no RETURNING): this runs on every audited request.
  await timedInsert(() => tx.$executeRaw`${insertSql(listed(row))}`);
  await appended(tx, row);
  return { id: row.id };
}

/**
 * An audit row for a read whose records a statement selects: `sql` is a data-modifying CTE body
 * (`audit AS (…)`) whose target ids are `targetIds`, a subquery over the statement's own rows, so
 * the read and its audit row are one statement (neither happens without the other). `complete`
 * runs, once that statement has returned, what follows every append.
 */
export function auditInStatement<A extends AuditAction>(
  input: AuditInput<A>,
  targetIds: Prisma.Sql,
): { sql: Prisma.Sql; complete(tx: Tx, ids: string[]): Promise<void> } {
  const row = auditRow(input);
  return {
    sql: insertSql({ row, targetIds }),
    complete: (tx, ids) => appended(tx, { ...row, targetIds: ids }),
  };
}

/** Runs `action` and its audit row in one transaction: no audit, no action. */
export async function audited<T, A extends AuditAction>(
  audit: AuditInput<A> | ((result: T) => AuditInput<A>),
  action: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db().$transaction(async (tx) => {
    const result = await action(tx);
    await appendAudit(tx, typeof audit === "function" ? audit(result) : audit);
    return result;
  });
}

// Events on their own (sign-in failures, token grants, refusals) arrive from many requests at
// once. They are committed in groups, as PostgreSQL groups WAL flushes: an event that finds a
// free slot commits at once; those arriving while groups are committing go together in the next
// one. Each caller still returns only once its own row, and any alert it raised, is committed.
// Rows no alert rule can follow from are one INSERT on the driver (a statement commits on its
// own); the others share a transaction with their rules' writes. A group failing for any reason
// but an outage is retried row by row, so one refused row fails only its own caller.
const GROUP_MAX = 256;
const GROUPS_IN_FLIGHT = 2;
type Waiting = {
  row: AuditRow;
  /** Whether an alert rule may follow from it (decided before it queues: nothing throws later). */
  alerting: boolean;
  requestId: string | null;
  resolve(): void;
  reject(err: unknown): void;
};
const waiting: Waiting[] = [];
let groupsInFlight = 0;

/** An audit row on its own (refusals, sign-in failures): nothing else is written. */
export function recordAudit<A extends AuditAction>(input: AuditInput<A>): Promise<void> {
  return new Promise((resolve, reject) => {
    const row = auditRow(input);
    const alerting = mayRaiseAlert(row);
    waiting.push({ row, alerting, requestId: currentRequestId(), resolve, reject });
    commitWaiting();
  });
}

function commitWaiting() {
  while (groupsInFlight < GROUPS_IN_FLIGHT && waiting.length) {
    const group = waiting.splice(0, GROUP_MAX);
    groupsInFlight++;
    // Log lines written while committing carry the request id only when there is one request.
    void withRequestContext(group.length === 1 ? group[0]!.requestId : null, () =>
      Promise.all([
        commitTogether(
          group.filter((w) => !w.alerting),
          insertAlone,
        ),
        commitTogether(
          group.filter((w) => w.alerting),
          insertWithAlerts,
        ),
      ]),
    ).finally(() => {
      groupsInFlight--;
      commitWaiting();
    });
  }
}

async function commitTogether(group: Waiting[], commit: (rows: AuditRow[]) => Promise<void>) {
  if (!group.length) return;
  try {
    await commit(group.map((w) => w.row));
    for (const w of group) w.resolve();
  } catch (err) {
    if (group.length === 1 || isDependencyDown(err)) for (const w of group) w.reject(err);
    else for (const w of group) await commit([w.row]).then(w.resolve, w.reject);
  }
}

/** Rows no alert rule can follow from: one statement, on the driver. */
async function insertAlone(rows: AuditRow[]) {
  await timedInsert(() => driverExecute(insertSql(...rows.map(listed))));
  // Committed: nothing after this may fail the group (its retry would append the rows twice).
  try {
    for (const row of rows) countAuditEvent(row);
    sealSoon();
  } catch (err) {
    logger().warn({ err: (err as Error).message }, "audit bookkeeping failed");
  }
}

/** Rows with their rules' writes (rate counts, alerts) in one transaction. */
function insertWithAlerts(rows: AuditRow[]) {
  return db().$transaction(async (tx) => {
    await timedInsert(() => tx.$executeRaw`${insertSql(...rows.map(listed))}`);
    for (const row of rows) await appended(tx, row);
  });
}
