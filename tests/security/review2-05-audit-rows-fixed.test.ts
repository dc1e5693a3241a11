// Second review, item 5: the application's database login cannot reorder or hide audit rows.
// The append-only trigger honoured a retention setting any role could set, the app role could
// UPDATE seq, prevHash and hash and wrote AuditHead, and verification walked only from seq 1: a
// row moved to a negative seq (and the rows after it re-linked) still verified.
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/server/audit/append";
import { hashEvent, type FieldAccess } from "@/lib/server/audit/chain";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { db } from "@/lib/server/db";
import { appRoleForThisFile } from "../support/app-role";
import { asOwnerBypassingAppendOnly } from "../support/owner";

const { asAppRole } = appRoleForThisFile();
const system = { kind: "system" as const, name: "review2-05" };

/** Three fresh sealed rows at the chain's tip; returns them oldest first. */
async function sealedTail() {
  for (let i = 0; i < 3; i++)
    await recordAudit({
      actor: system,
      action: "audit.archive",
      detail: { archived: i, throughSeq: null },
    });
  await sealAuditChain();
  const rows = await db().auditEvent.findMany({ orderBy: { seq: "desc" }, take: 4 });
  return rows.reverse();
}

type Row = Awaited<ReturnType<typeof sealedTail>>[number];
const rehash = (row: Row, seq: bigint, prevHash: string) =>
  hashEvent({
    ...row,
    seq,
    prevHash,
    fields: (row.fields as FieldAccess[] | null) ?? null,
    detail: row.detail ?? null,
  });

/**
 * The attack as SQL: move `victim` to a negative seq and re-link the rows after it so the chain
 * from seq 1 is whole again, then rewind the head. Every value is computed as verify would.
 */
function hideRowSql(before: Row, victim: Row, after: Row[]) {
  const stmts = [`UPDATE "AuditEvent" SET seq = ${-victim.seq!} WHERE id = '${victim.id}'`];
  let prev = before.hash!;
  let seq = victim.seq!;
  for (const row of after) {
    const hash = rehash(row, seq, prev);
    stmts.push(
      `UPDATE "AuditEvent" SET seq = ${seq}, "prevHash" = '${prev}', hash = '${hash}' WHERE id = '${row.id}'`,
    );
    prev = hash;
    seq += 1n;
  }
  stmts.push(`UPDATE "AuditHead" SET seq = ${seq - 1n}, hash = '${prev}' WHERE id = 1`);
  return stmts;
}

describe("item 5: audit rows stay where they were sealed", () => {
  it("the app role cannot move a sealed row and re-link the chain, even in a 'retention window'", async () => {
    const [before, victim, ...after] = await sealedTail();
    const attack = [
      "SELECT set_config('veil.audit_retention', 'on', false)",
      ...hideRowSql(before!, victim!, after),
    ].join(";\n");
    await expect(asAppRole(`BEGIN; ${attack}; COMMIT`)).rejects.toThrow(
      /permission denied|append-only/,
    );
    const still = await db().auditEvent.findUniqueOrThrow({ where: { id: victim!.id } });
    expect(still.seq).toBe(victim!.seq);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("the app role cannot write the chain head, nor insert a row that claims a chain position", async () => {
    await expect(asAppRole(`UPDATE "AuditHead" SET seq = seq - 1 WHERE id = 1`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      asAppRole(
        `INSERT INTO "AuditEvent" (id, seq, "prevHash", hash, "actorType", action, outcome)
         VALUES (gen_random_uuid(), -42, 'x', 'forged-hash-value', 'system', 'audit.verify', 'success')`,
      ),
    ).rejects.toThrow(/permission denied|append-only/);
  });

  it("the app role cannot delete audit rows with the retention setting on", async () => {
    await expect(
      asAppRole(
        `SELECT set_config('veil.audit_retention', 'on', false); DELETE FROM "AuditEvent" WHERE seq IS NOT NULL`,
      ),
    ).rejects.toThrow(/permission denied|append-only/);
  });

  it("sealing refuses a position that is not the next one after the head", async () => {
    await recordAudit({
      actor: system,
      action: "audit.archive",
      detail: { archived: 0, throughSeq: null },
    });
    const row = await db().auditEvent.findFirstOrThrow({ where: { seq: null } });
    await expect(
      asAppRole(
        `SELECT veil_seal_audit(ARRAY['${row.id}']::uuid[], ARRAY[-7]::bigint[], ARRAY['x']::varchar[], ARRAY['y']::varchar[])`,
      ),
    ).rejects.toThrow(/not the next position|does not link/);
    await sealAuditChain();
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("verification covers every row: one moved below seq 1 by a superuser is reported", async () => {
    const [before, victim, ...after] = await sealedTail();
    const sql = hideRowSql(before!, victim!, after);
    await asOwnerBypassingAppendOnly(async (tx) => {
      for (const s of sql) await tx.$executeRawUnsafe(s);
    });
    const report = await verifyAuditChain();
    expect(report.ok).toBe(false);
    // Undo, so later files see a whole chain.
    await asOwnerBypassingAppendOnly(async (tx) => {
      // Newest first: each row's own position is free by then.
      for (const row of [victim!, ...after].reverse())
        await tx.auditEvent.update({
          where: { id: row.id },
          data: { seq: row.seq, prevHash: row.prevHash, hash: row.hash },
        });
      const tip = after.at(-1)!;
      await tx.auditHead.update({ where: { id: 1 }, data: { seq: tip.seq!, hash: tip.hash! } });
    });
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});
