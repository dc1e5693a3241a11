import type { AuditAction } from "@/lib/server/audit/catalogue";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { db } from "@/lib/server/db";

/** Tests mark their own rows with names outside the catalogue, to find them again. */
export const testAction = (name: string) => name as AuditAction;

/**
 * The audit rows about one target in chain order. Seals first: an unsealed row has no position
 * yet, and ordering by a null position would return the rows in any order.
 */
export async function auditTrailOf(targetId: string, actions?: AuditAction[]) {
  await sealAuditChain();
  return db().auditEvent.findMany({
    where: { targetId, ...(actions ? { action: { in: actions } } : {}) },
    orderBy: { seq: "asc" },
  });
}
