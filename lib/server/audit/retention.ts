import "server-only";
import { appendAudit } from "@/lib/server/audit/append";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { signCheckpoint } from "./checkpoint";
import { sealAuditChain } from "./seal";

/**
 * The retention procedure: moves audit rows older than `before` into AuditArchive (unchanged),
 * records a signed checkpoint where the live chain now starts, and audits itself — all in one
 * transaction. It must run as the schema owner: the app role cannot delete audit rows, and the
 * append-only trigger only yields inside this transaction's own retention window.
 */
export async function archiveAuditBefore(
  actor: SystemPrincipal,
  before: Date,
  /** A retention plan's own bound (never past `before`), and its count per action to record. */
  planned: { throughSeq?: bigint; summary?: Record<string, number> } = {},
): Promise<{ archived: number; throughSeq: bigint | null }> {
  if (before > new Date()) throw new Error("cannot archive the future");
  // Only sealed rows are archived: seal what has committed, then hold the head while moving.
  await sealAuditChain();
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT seq FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
    const found = await tx.auditEvent.findFirst({
      where: {
        at: { lt: before },
        seq: planned.throughSeq === undefined ? { not: null } : { lte: planned.throughSeq },
      },
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true },
    });
    const last = found?.seq != null && found.hash ? { seq: found.seq, hash: found.hash } : null;
    if (!last) {
      await appendAudit(tx, {
        actor,
        action: "audit.archive",
        detail: { archived: 0, throughSeq: null },
      });
      return { archived: 0, throughSeq: null };
    }
    const archived = await tx.auditEvent.count({ where: { seq: { lte: last.seq } } });
    await tx.$executeRaw`SELECT set_config('veil.audit_retention', 'on', true)`;
    await tx.$executeRaw`
      INSERT INTO "AuditArchive" SELECT "seq", "id", "at", "actorType", "actorId", "action", "targetType", "targetId", "targetIds", "fields", "purpose", "outcome", "requestId", "ip", "prevHash", "hash", "detail", "hashVersion"
      FROM "AuditEvent" WHERE "seq" <= ${last.seq}`;
    await tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "seq" <= ${last.seq}`;
    await tx.$executeRaw`SELECT set_config('veil.audit_retention', 'off', true)`;
    await tx.auditCheckpoint.create({
      data: {
        throughSeq: last.seq,
        hash: last.hash,
        signature: signCheckpoint(last.seq, last.hash),
      },
    });
    await appendAudit(tx, {
      actor,
      action: "audit.archive",
      target: { type: "audit_checkpoint", id: String(last.seq) },
      detail: {
        archived,
        throughSeq: String(last.seq),
        ...(planned.summary ? { summary: planned.summary } : {}),
      },
    });
    return { archived, throughSeq: last.seq };
  });
}
