import { randomUUID } from "node:crypto";
import bcrypt from "bcrypt";
import { NobleCryptoPlugin, ScureBase32Plugin } from "otplib";
import { generate } from "@otplib/totp";
import { describe, expect, it, vi } from "vitest";
import { attemptLogin, CAPTCHA_AFTER_FAILURES, LOCK_AFTER_FAILURES } from "@/lib/server/auth/login";
import { BCRYPT_COST, bcryptCost } from "@/lib/server/auth/passwords";
import { sealTotpSecret } from "@/lib/server/auth/totp";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { solvedCaptcha } from "../support/captcha";
import { makeUser, TEST_PASSWORD } from "../support/principals";

// Each test signs in from its own address so per-IP counters never leak between tests.
const ctx = () => ({
  ip: `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  userAgent: "vitest",
  requestId: randomUUID(),
});

describe("sign-in", () => {
  it("answers a wrong email and a wrong password identically, and both run bcrypt exactly once", async () => {
    const { user } = await makeUser("AGENT");
    const spy = vi.spyOn(bcrypt, "hash");
    const wrongEmail = await attemptLogin(
      { email: `nobody-${randomUUID()}@test.veil`, password: TEST_PASSWORD },
      ctx(),
    );
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockClear();
    const wrongPassword = await attemptLogin(
      { email: user.email, password: "not the password at all" },
      ctx(),
    );
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    expect(wrongEmail).toEqual({ ok: false, code: "INVALID" });
    expect(wrongPassword).toEqual(wrongEmail);
  });

  it("hashes with bcrypt cost 12 outside tests", () => {
    expect(BCRYPT_COST).toBeGreaterThanOrEqual(12);
    expect(bcryptCost()).toBe(4); // this suite runs with VEIL_FAST_HASH_FOR_TESTS (refused in production)
  });

  it("signs in with the right password and records the sign-in", async () => {
    const { user } = await makeUser("AGENT");
    const r = await attemptLogin(
      { email: user.email.toUpperCase(), password: TEST_PASSWORD },
      ctx(),
    );
    expect(r.ok).toBe(true);
    expect(await db().signInEvent.count({ where: { userId: user.id, outcome: "success" } })).toBe(
      1,
    );
  });

  it("wants a captcha from the 4th attempt, accepts a valid solution once, and refuses a replay", async () => {
    const { user } = await makeUser("AGENT");
    const c = ctx();
    for (let i = 0; i < CAPTCHA_AFTER_FAILURES; i++) {
      expect(await attemptLogin({ email: user.email, password: "wrong password!" }, c)).toEqual({
        ok: false,
        code: "INVALID",
      });
    }
    expect(await attemptLogin({ email: user.email, password: TEST_PASSWORD }, c)).toEqual({
      ok: false,
      code: "CAPTCHA_REQUIRED",
    });
    const failuresBefore = (await db().user.findUniqueOrThrow({ where: { id: user.id } }))
      .failedLogins;
    expect(failuresBefore).toBe(CAPTCHA_AFTER_FAILURES); // the refused attempt changed nothing
    const altcha = await solvedCaptcha();
    expect((await attemptLogin({ email: user.email, password: TEST_PASSWORD, altcha }, c)).ok).toBe(
      true,
    );
    // The same solution again (e.g. from a second tab or an attacker's replay) is refused.
    await attemptLogin({ email: user.email, password: "wrong", altcha: await solvedCaptcha() }, c);
    await attemptLogin({ email: user.email, password: "wrong", altcha: await solvedCaptcha() }, c);
    await attemptLogin({ email: user.email, password: "wrong", altcha: await solvedCaptcha() }, c);
    expect(await attemptLogin({ email: user.email, password: TEST_PASSWORD, altcha }, c)).toEqual({
      ok: false,
      code: "CAPTCHA_REQUIRED",
    });
  });

  it("gives concurrent guesses no more password checks than the captcha threshold allows", async () => {
    // An attacker who sends a burst at once must not get a bcrypt check each before the first
    // failures are counted: the threshold holds under concurrency, not only in sequence.
    const { user } = await makeUser("AGENT");
    const c = ctx();
    const spy = vi.spyOn(bcrypt, "hash");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        attemptLogin({ email: user.email, password: `guess number ${i}!` }, c),
      ),
    );
    const checked = spy.mock.calls.length;
    spy.mockRestore();
    const codes = results.map((r) => (r.ok ? "OK" : r.code));
    expect(codes.filter((x) => x === "INVALID")).toHaveLength(CAPTCHA_AFTER_FAILURES);
    expect(codes.filter((x) => x === "CAPTCHA_REQUIRED")).toHaveLength(12 - CAPTCHA_AFTER_FAILURES);
    expect(checked).toBe(CAPTCHA_AFTER_FAILURES);
  });

  it("refuses forged and expired captcha payloads", async () => {
    const { user } = await makeUser("AGENT");
    const c = ctx();
    for (let i = 0; i < CAPTCHA_AFTER_FAILURES; i++)
      await attemptLogin({ email: user.email, password: "wrong" }, c);
    const good = JSON.parse(Buffer.from(await solvedCaptcha(), "base64").toString());
    const flipped = good.solution.derivedKey.replace(/^./, (c: string) => (c === "0" ? "1" : "0"));
    const forged = { ...good, solution: { ...good.solution, derivedKey: flipped } };
    const tamperedExpiry = {
      ...good,
      challenge: {
        ...good.challenge,
        parameters: {
          ...good.challenge.parameters,
          expiresAt: Math.floor(Date.now() / 1000) + 86400,
        },
      },
    };
    for (const payload of [forged, tamperedExpiry, "not base64 json", { challenge: 1 }]) {
      const altcha = Buffer.from(
        typeof payload === "string" ? payload : JSON.stringify(payload),
      ).toString("base64");
      expect(await attemptLogin({ email: user.email, password: TEST_PASSWORD, altcha }, c)).toEqual(
        { ok: false, code: "CAPTCHA_REQUIRED" },
      );
    }
    // A solution made now but presented after its five-minute life.
    const stale = await solvedCaptcha();
    try {
      vi.useFakeTimers({ now: Date.now() + 10 * 60_000, toFake: ["Date"] });
      expect(
        await attemptLogin({ email: user.email, password: TEST_PASSWORD, altcha: stale }, c),
      ).toEqual({ ok: false, code: "CAPTCHA_REQUIRED" });
    } finally {
      vi.useRealTimers();
    }
  });

  it("locks the account on the 11th failure; the right password then still fails generically", async () => {
    const { user } = await makeUser("OFFICER", { mfa: false });
    const c = ctx();
    for (let i = 1; i <= LOCK_AFTER_FAILURES + 1; i++) {
      const altcha = i > CAPTCHA_AFTER_FAILURES ? await solvedCaptcha() : undefined;
      expect(await attemptLogin({ email: user.email, password: `wrong-${i}`, altcha }, c)).toEqual({
        ok: false,
        code: "INVALID",
      });
    }
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const ok = await attemptLogin(
      { email: user.email, password: TEST_PASSWORD, altcha: await solvedCaptcha() },
      ctx(),
    );
    expect(ok).toEqual({ ok: false, code: "INVALID" });
    expect(
      await db().auditEvent.count({ where: { action: "auth.lockout", targetId: user.id } }),
    ).toBe(1);
    expect(await db().alert.count({ where: { kind: "account_locked", subjectId: user.id } })).toBe(
      1,
    );
  });

  it("refuses a disabled account with the same generic answer", async () => {
    const { user } = await makeUser("AGENT");
    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await attemptLogin({ email: user.email, password: TEST_PASSWORD }, ctx())).toEqual({
      ok: false,
      code: "INVALID",
    });
  });

  it("requires TOTP when enrolled and refuses a replayed code", async () => {
    const { user } = await makeUser("ADMIN");
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    await db().user.update({
      where: { id: user.id },
      data: { totpSecretSealed: sealTotpSecret(secret, user.id), totpEnabledAt: new Date() },
    });
    expect(await attemptLogin({ email: user.email, password: TEST_PASSWORD }, ctx())).toEqual({
      ok: false,
      code: "TOTP_REQUIRED",
    });
    const code = await generate({
      secret,
      crypto: new NobleCryptoPlugin(),
      base32: new ScureBase32Plugin(),
    });
    expect(
      (await attemptLogin({ email: user.email, password: TEST_PASSWORD, totp: code }, ctx())).ok,
    ).toBe(true);
    expect(
      await attemptLogin({ email: user.email, password: TEST_PASSWORD, totp: code }, ctx()),
    ).toEqual({ ok: false, code: "INVALID" });
  });

  it("turns malformed, oversized and script-laden input into the generic answer without writing a user", async () => {
    const before = await db().user.count();
    for (const input of [
      {},
      { email: "<script>alert(1)</script>", password: "x" },
      { email: "a@b.c", password: "x".repeat(5000) },
      { email: `${"a".repeat(300)}@test.veil`, password: "x" },
      { email: "a@test.veil", password: "pw", cvv: "123" },
      "not an object",
    ]) {
      expect(await attemptLogin(input, ctx())).toEqual({ ok: false, code: "INVALID" });
    }
    expect(await db().user.count()).toBe(before);
  });

  it("refuses a flood past the address ceiling without buying a database write per attempt", async () => {
    const c = ctx();
    const ceiling = env().VEIL_LOGIN_LIMIT_PER_ADDRESS;
    const attempt = () =>
      attemptLogin({ email: `spray-${randomUUID()}@test.veil`, password: "not-it-at-all" }, c);
    for (let i = 0; i < ceiling; i++) await attempt();
    const beyond = await Promise.all(Array.from({ length: 40 }, attempt));
    expect(beyond.every((r) => !r.ok && r.code === "RATE_LIMITED")).toBe(true);
    // The refusal is on record (once for this address and window), but 40 more attempts cost
    // no audit row or sign-in event each: an attacker cannot flood the trail or the database.
    const refusals = await db().auditEvent.count({
      where: {
        action: "auth.login",
        ip: c.ip,
        detail: { path: ["reason"], equals: "rate_limited" },
      },
    });
    expect(refusals).toBe(1);
    expect(await db().signInEvent.count({ where: { ip: c.ip } })).toBeLessThanOrEqual(ceiling);
  });
});

describe("sign-in does not reveal which emails have accounts", () => {
  it("asks for the captcha after three failures for an unknown email exactly as for a real one", async () => {
    const { user } = await makeUser("AGENT");
    const unknown = `ghost-${randomUUID()}@test.veil`;
    const real: string[] = [];
    const ghost: string[] = [];
    for (let i = 0; i < 4; i++) {
      // A fresh address each time: only the per-email count can trigger the captcha.
      const r = await attemptLogin({ email: user.email, password: "wrong" }, ctx());
      const g = await attemptLogin({ email: unknown, password: "wrong" }, ctx());
      real.push(r.ok ? "ok" : r.code);
      ghost.push(g.ok ? "ok" : g.code);
    }
    expect(real).toEqual(["INVALID", "INVALID", "INVALID", "CAPTCHA_REQUIRED"]);
    expect(ghost).toEqual(real);
  });
});
