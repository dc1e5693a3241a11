import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attemptLogin } from "@/lib/server/auth/login";
import { db } from "@/lib/server/db";
import { runVeil } from "../support/cli";

const ctx = () => ({
  ip: `10.99.${Math.floor(Math.random() * 250)}.1`,
  userAgent: "cli-test",
  requestId: null,
});

describe("veil users:* commands", () => {
  it("creates a user with a password from stdin, who can then sign in", async () => {
    const email = `cli-${randomUUID().slice(0, 8)}@test.veil`;
    const r = await runVeil(["users:create", "--email", email, "--role", "officer"], {
      input: "a piped passphrase that is long\n",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Created ${email} (OFFICER)`);
    expect(r.stdout).not.toContain("a piped passphrase");
    expect(
      (await attemptLogin({ email, password: "a piped passphrase that is long" }, ctx())).ok,
    ).toBe(true);
  });

  it("generates and prints a password once when none is piped", async () => {
    const email = `cli-${randomUUID().slice(0, 8)}@test.veil`;
    const r = await runVeil(["users:create", "--email", email, "--role", "AGENT"]);
    expect(r.code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(r.stdout)?.[1];
    expect(password).toBeTruthy();
    expect((await attemptLogin({ email, password }, ctx())).ok).toBe(true);
  });

  it("lists and disables users; a disabled user cannot sign in", async () => {
    const email = `cli-${randomUUID().slice(0, 8)}@test.veil`;
    await runVeil(["users:create", "--email", email, "--role", "ANALYST"], {
      input: "another long passphrase here\n",
    });
    const list = await runVeil(["users:list", "--search", email, "--json"]);
    expect(JSON.parse(list.stdout)).toMatchObject([{ email, role: "ANALYST", disabled: false }]);
    const disable = await runVeil(["users:disable", "--email", email]);
    expect(disable.code).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { email } })).disabled).toBe(true);
    expect(await attemptLogin({ email, password: "another long passphrase here" }, ctx())).toEqual({
      ok: false,
      code: "INVALID",
    });
    expect(
      await db().auditEvent.count({
        where: { action: "user.disable", actorType: "system", actorId: "cli" },
      }),
    ).toBeGreaterThan(0);
  });

  it("refuses bad input clearly, without a stack trace or a write", async () => {
    const before = await db().user.count();
    for (const args of [
      ["users:create", "--email", "x@test.veil", "--role", "ROOT"],
      ["users:create", "--email", "not-an-email", "--role", "AGENT"],
      ["users:create", "--role", "AGENT"],
      ["users:disable", "--email", "nobody@test.veil"],
    ]) {
      const r = await runVeil(args, { input: "a long enough passphrase\n" });
      expect(r.code, args.join(" ")).toBe(64);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const weak = await runVeil(["users:create", "--email", "weak@test.veil", "--role", "AGENT"], {
      input: "password1234\n",
    });
    expect(weak.code).toBe(64);
    expect(weak.stderr).toMatch(/too common/);
    expect(await db().user.count()).toBe(before);
  });
});
