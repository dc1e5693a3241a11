import { describe, expect, it } from "vitest";
import { appendAudit, audited, recordAudit } from "@/lib/server/audit/append";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { runVeil } from "../support/cli";
import { asOwnerBypassingAppendOnly as tamper } from "../support/owner";

const system: SystemPrincipal = { kind: "system", name: "test" };

async function lastSeq() {
  return (await db().auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
}

describe("audit chain", () => {
  it("links every event to the previous one and verifies", async () => {
    await recordAudit({ actor: system, action: "test.one" });
    await recordAudit({
      actor: system,
      action: "test.two",
      fields: [{ field: "email", level: "partial" }],
      purpose: "support",
    });
    const report = await verifyAuditChain();
    expect(report.ok).toBe(true);
    const rows = await db().auditEvent.findMany({ orderBy: { seq: "desc" }, take: 2 });
    expect(rows[0]!.prevHash).toBe(rows[1]!.hash);
  });

  it("fails closed: if the audit write fails, the action is rolled back", async () => {
    const before = await db().alert.count();
    await expect(
      audited(
        { actor: system, action: "x".repeat(200) /* longer than the column allows */ },
        (tx) =>
          tx.alert.create({ data: { kind: "test", severity: "low", message: "should roll back" } }),
      ),
    ).rejects.toThrow();
    expect(await db().alert.count()).toBe(before);
  });

  it("200 concurrent audited actions leave one unforked chain", async () => {
    const start = await lastSeq();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db().$transaction((tx) =>
          appendAudit(tx, { actor: system, action: `test.concurrent.${i}` }),
        ),
      ),
    );
    expect(await lastSeq()).toBe(start + 200n);
    const rows = await db().auditEvent.findMany({
      where: { seq: { gt: start } },
      orderBy: { seq: "asc" },
    });
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(200); // no two rows share a parent
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("detects an altered row, naming its seq (CLI exit code and message)", async () => {
    await recordAudit({ actor: system, action: "test.victim" });
    const seq = await lastSeq();
    await recordAudit({ actor: system, action: "test.after" });
    const original = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
    await tamper(
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET outcome = 'denied' WHERE seq = ${seq}`,
    );
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
      const cli = await runVeil(["audit:verify"]);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain(`seq ${seq}`);
    } finally {
      await tamper(
        (tx) =>
          tx.$executeRaw`UPDATE "AuditEvent" SET outcome = ${original.outcome} WHERE seq = ${seq}`,
      );
    }
    const ok = await runVeil(["audit:verify"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("intact");
  });

  it("detects a deleted row", async () => {
    await recordAudit({ actor: system, action: "test.deleted" });
    const seq = await lastSeq();
    await recordAudit({ actor: system, action: "test.after-delete" });
    const row = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
    await tamper((tx) => tx.auditEvent.delete({ where: { seq } }));
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
    } finally {
      await db().auditEvent.create({ data: { ...row, fields: row.fields ?? undefined } });
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("detects reordered rows", async () => {
    await recordAudit({ actor: system, action: "test.first" });
    const a = await lastSeq();
    await recordAudit({ actor: system, action: "test.second" });
    const b = await lastSeq();
    const swap = () =>
      tamper(async (tx) => {
        await tx.$executeRaw`UPDATE "AuditEvent" SET seq = -1 WHERE seq = ${a}`;
        await tx.$executeRaw`UPDATE "AuditEvent" SET seq = ${a} WHERE seq = ${b}`;
        await tx.$executeRaw`UPDATE "AuditEvent" SET seq = ${b} WHERE seq = -1`;
      });
    await swap();
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: a });
    } finally {
      await swap();
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("detects a truncated tail", async () => {
    await recordAudit({ actor: system, action: "test.tail" });
    const seq = await lastSeq();
    const row = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
    await tamper((tx) => tx.auditEvent.delete({ where: { seq } }));
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
    } finally {
      await db().auditEvent.create({ data: { ...row, fields: row.fields ?? undefined } });
    }
  });

  it("refuses UPDATE, DELETE and TRUNCATE on audit rows at the database, even for the owner", async () => {
    await recordAudit({ actor: system, action: "test.immutable" });
    const seq = await lastSeq();
    await expect(
      db().$executeRaw`UPDATE "AuditEvent" SET outcome = 'denied' WHERE seq = ${seq}`,
    ).rejects.toThrow(/append-only/);
    await expect(db().$executeRaw`DELETE FROM "AuditEvent" WHERE seq = ${seq}`).rejects.toThrow(
      /append-only/,
    );
    await expect(db().$executeRaw`TRUNCATE "AuditEvent"`).rejects.toThrow(/append-only/);
    expect((await db().auditEvent.findUniqueOrThrow({ where: { seq } })).outcome).toBe("success");
  });
});
