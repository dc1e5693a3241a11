import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { recordAudit } from "@/lib/server/audit/append";
import {
  anchorAuditChain,
  anchorPublicKey,
  checkAgainstAnchor,
  type Anchor,
} from "@/lib/server/audit/anchor";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { testAction } from "../support/audit";
import { runVeil } from "../support/cli";
import { asOwnerBypassingAppendOnly as tamper } from "../support/owner";

const system: SystemPrincipal = { kind: "system", name: "test" };
const KEY = Buffer.alloc(32, 7).toString("base64url");
const OTHER_KEY = Buffer.alloc(32, 9).toString("base64url");

async function withKey<T>(key: string, fn: () => Promise<T>) {
  process.env.VEIL_AUDIT_ANCHOR_KEY = key;
  reloadEnv();
  try {
    return await fn();
  } finally {
    process.env.VEIL_AUDIT_ANCHOR_KEY = KEY;
    reloadEnv();
  }
}

/**
 * What a database owner can do that the chain alone cannot show: delete the newest rows and
 * rewind the head so that what remains is a perfect, shorter chain. Undone afterwards.
 */
async function cutNewestRow() {
  await sealAuditChain({ wait: true });
  const head = await db().auditHead.findUniqueOrThrow({ where: { id: 1 } });
  const row = await db().auditEvent.findUniqueOrThrow({ where: { seq: head.seq } });
  await tamper(async (tx) => {
    await tx.auditEvent.delete({ where: { seq: head.seq } });
    await tx.auditHead.update({
      where: { id: 1 },
      data: { seq: head.seq - 1n, hash: row.prevHash! },
    });
  });
  return async function restore() {
    await tamper(async (tx) => {
      await tx.auditEvent.create({
        data: { ...row, fields: row.fields ?? undefined, detail: row.detail ?? undefined },
      });
      await tx.auditHead.update({ where: { id: 1 }, data: { seq: head.seq, hash: head.hash } });
    });
  };
}

beforeAll(() => {
  process.env.VEIL_AUDIT_ANCHOR_KEY = KEY;
  reloadEnv();
});
afterAll(() => {
  delete process.env.VEIL_AUDIT_ANCHOR_KEY;
  reloadEnv();
});

describe("anchored audit checkpoints", () => {
  it("a checkpoint signed out of the database catches a consistent cut of the newest rows", async () => {
    await recordAudit({ actor: system, action: testAction("test.before_anchor") });
    const anchor = (await anchorAuditChain())!;
    expect(anchor.signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
    const publicKey = anchorPublicKey()!;
    expect(await checkAgainstAnchor(anchor, publicKey)).toEqual({ ok: true });

    const restore = await cutNewestRow();
    try {
      // The shortened chain is internally perfect: the walk alone cannot tell.
      expect((await verifyAuditChain()).ok).toBe(true);
      expect(await checkAgainstAnchor(anchor, publicKey)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/removed from the end/),
      });
    } finally {
      await restore();
    }
    expect(await checkAgainstAnchor(anchor, publicKey)).toEqual({ ok: true });
  });

  it("refuses a forged or edited checkpoint", async () => {
    await recordAudit({ actor: system, action: testAction("test.forge") });
    const anchor = (await anchorAuditChain())!;
    const publicKey = anchorPublicKey()!;
    const forged = await withKey(OTHER_KEY, async () => (await anchorAuditChain())!);
    expect((await checkAgainstAnchor(forged, publicKey)).ok).toBe(false);
    const edited: Anchor = { ...anchor, seq: String(BigInt(anchor.seq) + 5n) };
    expect(await checkAgainstAnchor(edited, publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature/),
    });
  });

  it("`audit:anchor` and `audit:verify --checkpoint` work from the CLI: exit 0 when it holds, 2 after a cut", async () => {
    await recordAudit({ actor: system, action: testAction("test.cli_anchor") });
    const env = { VEIL_AUDIT_ANCHOR_KEY: KEY, LOG_LEVEL: "info" };
    const anchored = await runVeil(["audit:anchor", "--json"], { env });
    expect(anchored.code).toBe(0);
    const line = anchored.stdout.trim(); // stdout is the checkpoint alone (logs go to stderr)
    expect(JSON.parse(line)).toMatchObject({ v: 1, publicKey: anchorPublicKey() });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "veil-anchor-")), "anchors.jsonl");
    writeFileSync(file, `${line}\n`);
    const held = await runVeil(["audit:verify", "--checkpoint", file], { env });
    expect(held.code, held.stderr).toBe(0);
    expect(held.stdout).toMatch(/Checkpoint of .* holds/);
    const restore = await cutNewestRow();
    try {
      const cut = await runVeil(
        ["audit:verify", "--checkpoint", file, "--public-key", anchorPublicKey()!],
        { env: {} },
      );
      expect(cut.code).toBe(2);
      expect(cut.stderr).toMatch(/BROKEN against the checkpoint: .*removed from the end/);
    } finally {
      await restore();
    }
  });
});
