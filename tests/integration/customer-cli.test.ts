import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { getCustomer, insertCustomers } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { runVeil } from "../support/cli";
import { CANARY, customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

const dir = mkdtempSync(path.join(os.tmpdir(), "veil-import-"));
const file = (name: string, body: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, body);
  return p;
};

describe("veil customers:import", () => {
  it("imports valid JSON rows and reports rejected ones by line, without echoing values", async () => {
    const good = customerLike({ email: "import.one@example.com" });
    const badPan = customerLike({ pan: "4111111111111112" });
    const withCvv = { ...customerLike(), cvv: "cvv-canary-731" };
    const r = await runVeil([
      "customers:import",
      "--file",
      file("c.json", JSON.stringify([good, badPan, withCvv, customerLike()])),
      "--json",
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.imported.map((i: { line: number }) => i.line)).toEqual([1, 4]);
    expect(report.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/^pan: .*checksum/) },
      { line: 3, reason: expect.stringMatching(/^cvv: .*never accepted/) },
    ]);
    // (Searched as whole values: random ids in the output could contain any short digit run.)
    expect(r.stdout + r.stderr).not.toContain("4111111111111112");
    expect(r.stdout + r.stderr).not.toContain("cvv-canary-731");
    expect(
      await db().customer.count({
        where: { id: { in: report.imported.map((i: { id: string }) => i.id) } },
      }),
    ).toBe(2);
    expect(
      await db().auditEvent.count({ where: { action: "customer.import", actorId: "cli" } }),
    ).toBeGreaterThan(0);
  });

  it("imports CSV with a header, numbering rejected rows by file line", async () => {
    const header = Object.keys(CANARY).join(",");
    const row = (c: Record<string, string>) =>
      Object.values(c)
        .map((v) => `"${v}"`)
        .join(",");
    const csv = [
      header,
      row(customerLike()),
      row(customerLike({ iban: "GB00BAD" })),
      row(customerLike()),
    ].join("\n");
    const r = await runVeil(["customers:import", "--file", file("c.csv", csv), "--json"]);
    const report = JSON.parse(r.stdout);
    expect(report.imported.map((i: { line: number }) => i.line)).toEqual([2, 4]);
    expect(report.rejected).toEqual([{ line: 3, reason: expect.stringMatching(/^iban:/) }]);
  });

  it("refuses a missing or malformed file cleanly", async () => {
    expect((await runVeil(["customers:import", "--file", path.join(dir, "nope.json")])).code).toBe(
      64,
    );
    const broken = await runVeil(["customers:import", "--file", file("b.json", "{ not json")]);
    expect(broken.code).toBe(64);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("veil keys:rotate", () => {
  it("survives kill -9 midway; after the rerun the old master key can be removed and every record reads", async () => {
    const { principal: agent } = await makeUser("AGENT");
    await insertCustomers({ kind: "system", name: "test" }, fakeCustomers(120, 7));
    const oldRing = process.env.VEIL_MASTER_KEYS!;
    const oldId = oldRing.split(",")[0]!.split(":")[0]!;
    const newKey = `k${Date.now()}:${randomBytes(32).toString("base64")}`;
    const newId = newKey.split(":")[0]!;
    const ring = `${newKey},${oldRing}`;
    const total = await db().customer.count();

    // First run: killed with SIGKILL once some, but not all, keys are re-wrapped.
    const child = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "scripts/veil.ts",
        "keys:rotate",
        "--batch",
        "5",
        "--pause-ms",
        "40",
      ],
      {
        env: { ...process.env, VEIL_MASTER_KEYS: ring, LOG_LEVEL: "silent" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const m = /progress (\d+)\/(\d+)/.exec(chunk.toString());
        if (m && Number(m[1]) >= 20) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => resolve());
      child.on("error", reject);
    });
    const moved = await db().customer.count({ where: { dataKeyId: newId } });
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(total);

    const rerun = await runVeil(["keys:rotate"], { env: { VEIL_MASTER_KEYS: ring } });
    expect(rerun.code).toBe(0);
    expect(await db().customer.count({ where: { dataKeyId: { not: newId } } })).toBe(0);
    expect(
      await db().auditEvent.count({ where: { action: "keys.rotate.finish", targetId: newId } }),
    ).toBe(1);

    // Drop the old key from the ring: everything still decrypts.
    process.env.VEIL_MASTER_KEYS = newKey;
    reloadEnv();
    try {
      const ids = (await db().customer.findMany({ select: { id: true } })).map((c) => c.id);
      for (const id of ids) await getCustomer(agent, id);
      expect(oldId).not.toBe(newId);
    } finally {
      // Rotate back so later test files (with the original ring) can read every record.
      const back = await runVeil(["keys:rotate"], {
        env: { VEIL_MASTER_KEYS: `${oldRing},${newKey}` },
      });
      expect(back.code).toBe(0);
      process.env.VEIL_MASTER_KEYS = oldRing;
      reloadEnv();
    }
    expect(await db().customer.count({ where: { dataKeyId: { not: oldId } } })).toBe(0);
  }, 120_000);
});
