import "server-only";
import { v7 as timeOrderedUuid } from "uuid";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Principal } from "@/lib/server/auth/principal";
import type { Tx } from "@/lib/server/db";
import { countAuditEvent, metrics } from "@/lib/server/metrics";
import type { AuditAction, AuditDetails } from "./catalogue";
import { CURRENT_HASH_VERSION, type FieldAccess } from "./chain";
import { sealSoon } from "./seal";
import { auditSubscriber } from "./subscribers";

// An audit row as written: built from an event, inserted by one statement, and followed by the
// same bookkeeping whichever way it was committed (append.ts in a caller's transaction,
// group-commit.ts on its own).

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

export function auditRow(input: AuditInput) {
  return {
    // Time-ordered and monotonic within a process: rows appended in the same millisecond (one
    // transaction's "created" and "signed in") are sealed by (at, id) in the order they happened.
    id: timeOrderedUuid(),
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
export type AuditRow = ReturnType<typeof auditRow>;

/** The INSERT of rows, each with its target ids given as SQL (a list, or a subquery). */
export function insertSql(...rows: { row: AuditRow; targetIds: Prisma.Sql }[]): Prisma.Sql {
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
export const listed = (row: AuditRow) => ({
  row,
  targetIds: Prisma.sql`${row.targetIds}::varchar[]`,
});

/** An audit INSERT, timed for the append-latency metric. */
export async function timedInsert(run: () => Promise<unknown>) {
  const stopTimer = metrics().auditAppend.startTimer();
  await run();
  stopTimer();
}

/** What follows every durable append: metrics, the subscribers (alert rules), a seal soon. */
export async function appended(tx: Tx, row: AuditRow) {
  countAuditEvent(row);
  await auditSubscriber().onAppended(tx, row);
  sealSoon();
}
