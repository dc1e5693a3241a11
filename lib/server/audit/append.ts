import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/server/auth/principal";
import { db, type Tx } from "@/lib/server/db";
import { evaluateAlertRules } from "@/lib/server/alerts/rules";
import type { AuditAction, AuditDetails } from "./catalogue";
import { CURRENT_HASH_VERSION, hashEvent, type FieldAccess } from "./chain";

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

/** Takes the chain lock early, for actions whose checks must be serialised with the append. */
export async function lockAuditChain(tx: Tx) {
  await tx.$queryRaw`SELECT seq FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
}

/**
 * Appends one event inside the caller's transaction. The chain tip row is locked first
 * (SELECT … FOR UPDATE), so concurrent writers queue and each links to the previous hash;
 * if anything fails the whole transaction, action included, rolls back.
 */
export async function appendAudit<A extends AuditAction>(
  tx: Tx,
  input: AuditInput<A>,
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
    purpose: input.purpose ?? partnerPurpose(input),
    detail: input.detail && Object.keys(input.detail).length ? input.detail : null,
    outcome: input.outcome ?? "success",
    prevHash: head.hash,
    hashVersion: CURRENT_HASH_VERSION,
  };
  const hash = hashEvent(row);
  await tx.auditEvent.create({
    data: { ...row, fields: row.fields ?? undefined, detail: row.detail ?? undefined, hash },
  });
  await tx.auditHead.update({ where: { id: 1 }, data: { seq: row.seq, hash } });
  await evaluateAlertRules(tx, {
    ...row,
    detail: row.detail as Record<string, unknown> | null,
  });
  return { seq: row.seq, hash };
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

/** An audit row on its own (refusals, sign-in failures): nothing else is written. */
export async function recordAudit<A extends AuditAction>(input: AuditInput<A>): Promise<void> {
  await db().$transaction((tx) => appendAudit(tx, input));
}
