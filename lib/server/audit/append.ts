import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/server/db";
import type { AuditAction } from "./catalogue";
import { appended, auditRow, insertSql, listed, timedInsert, type AuditInput } from "./row";

// Appending audit rows inside an action's transaction. Events on their own are committed in
// groups by group-commit.ts (`recordAudit`, re-exported here for callers).

export type { AuditInput } from "./row";
export { recordAudit } from "./group-commit";

/**
 * Serialises transactions about one subject (e.g. an officer's reveal budget): a transaction-
 * scoped advisory lock, so a count-then-append check cannot be raced past its limit.
 */
export async function serialiseFor(tx: Tx, subject: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${subject}, 0))`;
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
