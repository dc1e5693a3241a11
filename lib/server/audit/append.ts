import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/server/auth/principal";
import { db, type Tx } from "@/lib/server/db";
import { hashEvent, type FieldAccess } from "./chain";

export type AuditInput = {
  actor: Principal;
  action: string;
  target?: { type: string; id: string } | null;
  /** For reads of many records at once (a list page): every id touched. */
  targets?: { type: string; ids: string[] };
  fields?: FieldAccess[];
  purpose?: string | null;
  outcome?: "success" | "denied" | "failure";
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

/** Takes the chain lock early, for actions whose checks must be serialised with the append. */
export async function lockAuditChain(tx: Tx) {
  await tx.$queryRaw`SELECT seq FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
}

/**
 * Appends one event inside the caller's transaction. The chain tip row is locked first
 * (SELECT … FOR UPDATE), so concurrent writers queue and each links to the previous hash;
 * if anything fails the whole transaction, action included, rolls back.
 */
export async function appendAudit(
  tx: Tx,
  input: AuditInput,
): Promise<{ seq: bigint; hash: string }> {
  const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
  if (!head) throw new Error("audit chain head is missing");
  const row = {
    seq: BigInt(head.seq) + 1n,
    id: randomUUID(),
    at: new Date(),
    ...actorOf(input.actor),
    action: input.action,
    targetType: input.target?.type ?? input.targets?.type ?? null,
    targetId: input.target?.id ?? null,
    targetIds: input.targets?.ids ?? [],
    fields: input.fields && input.fields.length ? input.fields : null,
    purpose: input.purpose ?? null,
    outcome: input.outcome ?? "success",
    prevHash: head.hash,
  };
  const hash = hashEvent(row);
  await tx.auditEvent.create({ data: { ...row, fields: row.fields ?? undefined, hash } });
  await tx.auditHead.update({ where: { id: 1 }, data: { seq: row.seq, hash } });
  return { seq: row.seq, hash };
}

/** Runs `action` and its audit row in one transaction: no audit, no action. */
export async function audited<T>(
  audit: AuditInput | ((result: T) => AuditInput),
  action: (tx: Tx) => Promise<T>,
): Promise<T> {
  return db().$transaction(async (tx) => {
    const result = await action(tx);
    await appendAudit(tx, typeof audit === "function" ? audit(result) : audit);
    return result;
  });
}

/** An audit row on its own (refusals, sign-in failures): nothing else is written. */
export async function recordAudit(input: AuditInput): Promise<void> {
  await db().$transaction((tx) => appendAudit(tx, input));
}
