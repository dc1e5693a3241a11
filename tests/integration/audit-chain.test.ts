import { testAction } from "../support/audit";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { ChainStatus } from "@/app/(admin)/admin/audit/_components/chain-status";
import { randomUUID } from "node:crypto";
import { appendAudit, audited, recordAudit } from "@/lib/server/audit/append";
import { hashEvent } from "@/lib/server/audit/chain";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { runVeil } from "../support/cli";
import { asOwnerBypassingAppendOnly as tamper } from "../support/owner";

const system: SystemPrincipal = { kind: "system", name: "test" };

/** The chain head once every committed row is sealed. */
async function lastSeq() {
  await sealAuditChain();
  return (await db().auditHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
}

describe("audit chain", () => {
  it("links every event to the previous one and verifies", async () => {
    await recordAudit({ actor: system, action: testAction("test.one") });
    await recordAudit({
      actor: system,
      action: testAction("test.two"),
      fields: [{ field: "email", level: "partial" }],
      purpose: "support",
    });
    await sealAuditChain();
    const report = await verifyAuditChain();
    expect(report.ok).toBe(true);
    const rows = await db().auditEvent.findMany({ orderBy: { seq: "desc" }, take: 2 });
    expect(rows[0]!.prevHash).toBe(rows[1]!.hash);
  });

  it("chains the events of one transaction in the order they were appended", async () => {
    // Rows appended in the same millisecond share `at`: the chain must still read as they
    // happened (a sign-in's "created" before its "signed in"), not in random id order.
    // The clock is held still to make that tie certain (fast hardware makes it common).
    const target = { type: "user", id: randomUUID() };
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      await db().$transaction(async (tx) => {
        for (let i = 0; i < 30; i++)
          await appendAudit(tx, { actor: system, action: testAction(`test.order.${i}`), target });
      });
    } finally {
      vi.useRealTimers();
    }
    await sealAuditChain();
    const rows = await db().auditEvent.findMany({
      where: { targetId: target.id },
      orderBy: { seq: "asc" },
    });
    expect(rows.map((r) => r.action)).toEqual(
      Array.from({ length: 30 }, (_, i) => `test.order.${i}`),
    );
  });

  it("fails closed: if the audit write fails, the action is rolled back", async () => {
    const before = await db().alert.count();
    await expect(
      audited(
        { actor: system, action: testAction("x".repeat(200)) /* longer than the column allows */ },
        (tx) =>
          tx.alert.create({ data: { kind: "test", severity: "low", message: "should roll back" } }),
      ),
    ).rejects.toThrow(/too long|value too long|P2000|column/i);
    expect(await db().alert.count()).toBe(before);
  });

  it("200 concurrent audited actions leave one unforked chain", async () => {
    const start = await lastSeq();
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        db().$transaction((tx) =>
          appendAudit(tx, { actor: system, action: testAction(`test.concurrent.${i}`) }),
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

  it("verifies rows sealed with hash version 1 (before `detail`) beside version 2 rows", async () => {
    await sealAuditChain();
    // A row sealed by an older Veil, written as it was then (rows now go in unsealed only).
    await tamper(async (tx) => {
      const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT seq, hash FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
      const row = {
        seq: BigInt(head!.seq) + 1n,
        id: randomUUID(),
        at: new Date(),
        actorType: "system",
        actorId: "legacy",
        action: "customer.list",
        targetType: null,
        targetId: null,
        targetIds: [],
        fields: null,
        purpose: null,
        outcome: "success",
        requestId: null,
        ip: null,
        prevHash: head!.hash,
        hashVersion: 1,
      };
      const hash = hashEvent(row);
      await tx.auditEvent.create({ data: { ...row, fields: undefined, hash } });
      await tx.auditHead.update({ where: { id: 1 }, data: { seq: row.seq, hash } });
    });
    await recordAudit({
      actor: system,
      action: "audit.archive",
      detail: { archived: 0, throughSeq: null },
    });
    await sealAuditChain();
    const [v2, v1] = await db().auditEvent.findMany({ orderBy: { seq: "desc" }, take: 2 });
    expect([v1!.hashVersion, v2!.hashVersion]).toEqual([1, 2]);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("covers detail and the hash version: changing either breaks the chain", async () => {
    await recordAudit({
      actor: system,
      action: "keys.rotate.finish",
      detail: { rewrapped: 5, toKeyId: "k2" },
    });
    const seq = await lastSeq();
    await recordAudit({ actor: system, action: testAction("test.after-detail") });
    for (const change of [
      () =>
        tamper(
          (tx) =>
            tx.$executeRaw`UPDATE "AuditEvent" SET detail = '{"rewrapped":0,"toKeyId":"k2"}' WHERE seq = ${seq}`,
        ),
      () =>
        tamper(
          (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "hashVersion" = 1 WHERE seq = ${seq}`,
        ),
    ]) {
      const original = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
      await change();
      try {
        expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
      } finally {
        await tamper(
          (tx) =>
            tx.$executeRaw`UPDATE "AuditEvent" SET detail = ${original.detail}::jsonb, "hashVersion" = ${original.hashVersion} WHERE seq = ${seq}`,
        );
      }
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("detects an altered row, naming its seq (CLI exit code and message)", async () => {
    await recordAudit({ actor: system, action: testAction("test.victim") });
    const seq = await lastSeq();
    await recordAudit({ actor: system, action: testAction("test.after") });
    const original = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
    await tamper(
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET outcome = 'denied' WHERE seq = ${seq}`,
    );
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
      const cli = await runVeil(["audit:verify"]);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain(`seq ${seq}`);
      // The admin's chain panel turns red and names the same row.
      const panel = renderToStaticMarkup(await ChainStatus());
      expect(panel).toContain(`Chain broken at row #${seq}`);
      expect(panel).toContain("content does not match its hash");
    } finally {
      await tamper(
        (tx) =>
          tx.$executeRaw`UPDATE "AuditEvent" SET outcome = ${original.outcome} WHERE seq = ${seq}`,
      );
    }
    const ok = await runVeil(["audit:verify"]);
    expect(ok.code).toBe(0);
    expect(renderToStaticMarkup(await ChainStatus())).toMatch(/Chain verified up to #\d+/);
    expect(ok.stdout).toContain("intact");
  });

  it("detects a deleted row", async () => {
    await recordAudit({ actor: system, action: testAction("test.deleted") });
    const seq = await lastSeq();
    await recordAudit({ actor: system, action: testAction("test.after-delete") });
    const row = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
    await tamper((tx) => tx.auditEvent.delete({ where: { seq } }));
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
    } finally {
      await tamper((tx) =>
        tx.auditEvent.create({
          data: { ...row, fields: row.fields ?? undefined, detail: row.detail ?? undefined },
        }),
      );
    }
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("detects reordered rows", async () => {
    await recordAudit({ actor: system, action: testAction("test.first") });
    const a = await lastSeq();
    await recordAudit({ actor: system, action: testAction("test.second") });
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
    await recordAudit({ actor: system, action: testAction("test.tail") });
    const seq = await lastSeq();
    const row = await db().auditEvent.findUniqueOrThrow({ where: { seq } });
    await tamper((tx) => tx.auditEvent.delete({ where: { seq } }));
    try {
      expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenSeq: seq });
    } finally {
      await tamper((tx) =>
        tx.auditEvent.create({
          data: { ...row, fields: row.fields ?? undefined, detail: row.detail ?? undefined },
        }),
      );
    }
  });

  it("refuses UPDATE, DELETE and TRUNCATE on audit rows at the database, even for the owner", async () => {
    await recordAudit({ actor: system, action: testAction("test.immutable") });
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

  it("the one change a live row accepts is its sealing, once; re-sealing or editing is refused", async () => {
    await sealAuditChain();
    // An unsealed row, inserted as appendAudit does (the sweep seals it within a second).
    const id = randomUUID();
    await db().auditEvent.create({
      data: { id, actorType: "system", actorId: "t", action: "test.unsealed", outcome: "success" },
    });
    // Editing content while sealing, or instead of it, is refused.
    await expect(
      db().$executeRaw`UPDATE "AuditEvent" SET action = 'test.forged' WHERE id = ${id}::uuid`,
    ).rejects.toThrow(/append-only/);
    await expect(
      db()
        .$executeRaw`UPDATE "AuditEvent" SET seq = 999999999, "prevHash" = ${"0".repeat(64)}, hash = ${"1".repeat(64)}, outcome = 'denied' WHERE id = ${id}::uuid`,
    ).rejects.toThrow(/append-only/);
    await sealAuditChain();
    const sealed = await db().auditEvent.findUniqueOrThrow({ where: { id } });
    expect(sealed.seq).not.toBeNull();
    // A sealed row cannot be sealed again (a rewritten chain).
    await expect(
      db().$executeRaw`UPDATE "AuditEvent" SET hash = ${"2".repeat(64)} WHERE id = ${id}::uuid`,
    ).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it("appends from many writers at once are durable at once and all sealed into one chain", async () => {
    const start = await lastSeq();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        recordAudit({ actor: system, action: testAction(`test.burst.${i}`) }),
      ),
    );
    // Durable at once (committed with their transactions), whether sealed yet or not.
    expect(
      await db().auditEvent.count({ where: { action: { startsWith: "test.burst." } } }),
    ).toBeGreaterThanOrEqual(50);
    expect(await lastSeq()).toBeGreaterThanOrEqual(start + 50n);
    const after = await verifyAuditChain();
    expect(after).toMatchObject({ ok: true, unsealed: 0 });
  });

  it("a refused event in a burst fails only its own caller: every other row is committed", async () => {
    const burst = Array.from({ length: 30 }, (_, i) =>
      recordAudit({
        actor: system,
        // Event 17's action is longer than the column allows: its INSERT is refused.
        action: testAction(i === 17 ? "x".repeat(200) : `test.grouped.${i}`),
      }),
    );
    const outcomes = await Promise.allSettled(burst);
    expect(outcomes.map((o) => o.status)).toEqual(
      outcomes.map((_, i) => (i === 17 ? "rejected" : "fulfilled")),
    );
    expect(
      await db().auditEvent.count({ where: { action: { startsWith: "test.grouped." } } }),
    ).toBe(29);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
