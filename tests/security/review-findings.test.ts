// Regression tests for the security review's findings (issue #9). Each test tries the attack the
// review reproduced and asserts it now fails safely.
import { randomUUID } from "node:crypto";
import { generate } from "@otplib/totp";
import { NobleCryptoPlugin, ScureBase32Plugin } from "otplib";
import pg from "pg";
import { withBackgroundSealingPaused } from "@/lib/server/audit/seal";
import { describe, expect, it, vi } from "vitest";
import { reloadEnv } from "@/lib/env";
import { attemptLogin, LOCK_AFTER_FAILURES } from "@/lib/server/auth/login";
import { revokeSession, sessionStillValid, sessionUser } from "@/lib/server/auth/session-state";
import { openTotpSecret, sealTotpSecret } from "@/lib/server/auth/totp";
import { createCustomer, insertCustomers, listCustomers } from "@/lib/server/customers";
import { revealField } from "@/lib/server/customers/reveal";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { changeOwnPassword } from "@/lib/server/users/password";
import { verifyStepUp } from "@/lib/server/users/step-up";
import { beginTotpEnrolment, confirmTotpEnrolment } from "@/lib/server/users/two-factor";
import { changeUserRole, reissueInvite, resetUserPassword } from "@/lib/server/users/admin";
import { CATALOGUE } from "@/lib/fields/catalogue";
import { customerLike } from "../support/customers";
import { makeUser, TEST_PASSWORD } from "../support/principals";

const otp = { crypto: new NobleCryptoPlugin(), base32: new ScureBase32Plugin() };
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

function randomIp() {
  const o = () => Math.floor(Math.random() * 250);
  return `10.${o()}.${o()}.${o()}`;
}
const ctx = (ip = randomIp()) => ({ ip, userAgent: "vitest", requestId: randomUUID() });

/** A user enrolled with a known TOTP secret, as after a real enrolment. */
async function enrolled(role: "OFFICER" | "ADMIN") {
  const made = await makeUser(role);
  await db().user.update({
    where: { id: made.user.id },
    data: { totpSecretSealed: sealTotpSecret(SECRET, made.user.id), totpEnabledAt: new Date() },
  });
  return made;
}

async function alertsFor(userId: string, kind: string) {
  return db().alert.count({ where: { kind, subjectId: userId } });
}

describe("finding 1: replacing the authenticator needs the current factor", () => {
  it("refuses to start or confirm re-enrolment after a password-only step-up (stolen cookie + password)", async () => {
    const { principal } = await enrolled("OFFICER");
    const passwordOnly = { ...principal, stepUpFactor: "password" as const };
    await expect(beginTotpEnrolment(passwordOnly)).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    // Even a pending secret obtained some other way cannot be confirmed without the factor.
    const pending = sealTotpSecret(
      "KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD",
      `pending:${principal.userId}`,
    );
    const code = await generate({ secret: "KVKFKRCPNZQUYMLXOVYDSQKJKZDTSRLD", ...otp });
    await expect(confirmTotpEnrolment(passwordOnly, { pending, code })).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    const row = await db().user.findUniqueOrThrow({
      where: { id: principal.userId },
      select: { totpSecretSealed: true },
    });
    expect(openTotpSecret(row.totpSecretSealed!, principal.userId)).toBe(SECRET);
  });

  it("re-enrols after a step-up with the current code, ends other sessions and raises an alert", async () => {
    const { principal, user } = await enrolled("ADMIN");
    const withTotp = { ...principal, stepUpFactor: "totp" as const };
    const { secret, pending } = await beginTotpEnrolment(withTotp);
    const code = await generate({ secret, ...otp });
    await confirmTotpEnrolment(withTotp, { pending, code });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect(await alertsFor(user.id, "two_factor_reenrolled")).toBe(1);
  });

  it("step-up reports which factor was used (a recovery code counts as the factor)", async () => {
    const { principal } = await enrolled("OFFICER");
    expect(await verifyStepUp(principal, { secret: TEST_PASSWORD })).toEqual({
      factor: "password",
    });
    const code = await generate({ secret: SECRET, ...otp });
    expect(await verifyStepUp(principal, { secret: code })).toEqual({ factor: "totp" });
  });
});

describe("finding 2: the lockout counts every failure, also under concurrency", () => {
  it("counts 8 parallel wrong passwords as 8 failures", async () => {
    const { user } = await makeUser("AGENT");
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        attemptLogin({ email: user.email, password: "wrong password!" }, ctx()),
      ),
    );
    const invalid = results.filter((r) => !r.ok && r.code === "INVALID").length;
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(invalid).toBeGreaterThan(1);
    expect(row.failedLogins).toBe(invalid);
  });

  it("locks exactly once when parallel failures cross the threshold", async () => {
    const { user } = await makeUser("AGENT");
    await db().user.update({
      where: { id: user.id },
      data: { failedLogins: LOCK_AFTER_FAILURES - 1 },
    });
    await Promise.all(
      Array.from({ length: 5 }, () =>
        attemptLogin({ email: user.email, password: "wrong password!" }, ctx()),
      ),
    );
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockCount).toBe(1);
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(
      await db().auditEvent.count({ where: { action: "auth.lockout", targetId: user.id } }),
    ).toBe(1);
  });
});

describe("finding 3: exact search is not an oracle", () => {
  it("stops an agent guessing card numbers after the hourly budget, alerts, and audits each guess as a search", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const budget = 30;
    // Luhn-valid guesses for one BIN and last four, as the attack would enumerate them.
    const guesses: string[] = [];
    for (let mid = 100000; guesses.length < budget + 1; mid++) {
      const body = `411111${mid}123`;
      for (let d = 0; d < 10; d++) {
        const pan = `${body}${d}`;
        if (luhn(pan)) {
          guesses.push(pan);
          break;
        }
      }
    }
    for (const pan of guesses.slice(0, budget))
      await listCustomers(agent, { search: { by: "pan", value: pan } });
    await expect(
      listCustomers(agent, { search: { by: "pan", value: guesses[budget] } }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(await alertsFor(agent.userId, "exact_search_budget_exceeded")).toBe(1);
    const rows = await db().auditEvent.findMany({
      where: { actorId: agent.userId, action: "customer.search.pan" },
    });
    expect(rows).toHaveLength(budget + 1);
    expect(rows.filter((r) => r.outcome === "denied")).toHaveLength(1);
    expect(rows.filter((r) => r.outcome === "success").map((r) => r.detail)).toEqual(
      Array.from({ length: budget }, () => ({ result: "miss" })),
    );
    expect(rows.find((r) => r.outcome === "denied")!.detail).toEqual({ result: "over_budget" });
    expect(rows.every((r) => r.purpose === null)).toBe(true);
    expect(JSON.stringify(rows.map((r) => ({ ...r, seq: String(r.seq) })))).not.toContain(
      guesses[0],
    );
    // Browsing without an exact search still works.
    await expect(listCustomers(agent, {})).resolves.toBeDefined();
  });

  it("records a hit as a hit", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const c = customerLike();
    await createCustomer(agent, c);
    const r = await listCustomers(agent, { search: { by: "iban", value: c.iban } });
    expect(r.total).toBeGreaterThan(0);
    const row = await db().auditEvent.findFirstOrThrow({
      where: { actorId: agent.userId, action: "customer.search.iban" },
    });
    expect(row.detail).toEqual({ result: "hit" });
  });
});

function luhn(pan: string) {
  let sum = 0;
  for (let i = 0; i < pan.length; i++) {
    let d = Number(pan[pan.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

describe("finding 4: analysts cannot re-identify tokens", () => {
  it("refuses identifier searches to analysts and finds a record by its token instead", async () => {
    const { principal: agent } = await makeUser("AGENT");
    const { principal: analyst } = await makeUser("ANALYST");
    const c = customerLike({ fullName: "Tokenised Person" });
    const { id } = await createCustomer(agent, c);
    for (const search of [
      { by: "name", value: "Tokenised" },
      { by: "email", value: c.email },
      { by: "pan", value: c.pan },
      { by: "iban", value: c.iban },
      { by: "nationalId", value: c.nationalId },
    ]) {
      await expect(listCustomers(analyst, { search })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const page = await listCustomers(analyst, {});
    const mine = page.rows.find((r) => r.id === id)!;
    const token = mine.fields.email.value!;
    expect(token).toMatch(/^tok_/);
    const found = await listCustomers(analyst, { search: { by: "token", value: token } });
    expect(found.rows.map((r) => r.id)).toEqual([id]);
    // Agents keep their identifier searches and have no use for tokens.
    await expect(
      listCustomers(agent, { search: { by: "token", value: token } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("finding 5: step-up and password change have attempt limits", () => {
  it("ends the session after 5 wrong step-ups: the right password then fails too, and an alert is raised", async () => {
    const { principal, user } = await enrolled("OFFICER");
    for (let i = 0; i < 4; i++)
      await expect(verifyStepUp(principal, { secret: "000000" })).rejects.toMatchObject({
        code: "VALIDATION",
      });
    await expect(verifyStepUp(principal, { secret: "wrong password" })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    await expect(verifyStepUp(principal, { secret: TEST_PASSWORD })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBeGreaterThan(user.sessionVersion);
    expect(await alertsFor(user.id, "step_up_failures")).toBe(1);
    // A fresh sign-in clears it.
    const code = await generate({ secret: SECRET, ...otp });
    expect(
      (await attemptLogin({ email: user.email, password: TEST_PASSWORD, totp: code }, ctx())).ok,
    ).toBe(true);
    await expect(verifyStepUp(principal, { secret: TEST_PASSWORD })).resolves.toEqual({
      factor: "password",
    });
  });

  it("counts wrong current passwords in change-password against the same limit", async () => {
    const { principal, user } = await makeUser("AGENT");
    for (let i = 0; i < 5; i++)
      await expect(
        changeOwnPassword(principal, {
          current: `nope-${i}-wrong`,
          next: "a brand new passphrase",
          confirm: "a brand new passphrase",
        }),
      ).rejects.toBeDefined();
    await expect(
      changeOwnPassword(principal, {
        current: TEST_PASSWORD,
        next: "a brand new passphrase",
        confirm: "a brand new passphrase",
      }),
    ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBeGreaterThan(user.sessionVersion);
  });
});

describe("finding 6: no account takeover through a new invitation link", () => {
  it("refuses a new invitation for a user who has set a password", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { user: officer } = await makeUser("OFFICER");
    await expect(reissueInvite(admin, { userId: officer.id })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db().setPasswordToken.count({ where: { userId: officer.id } })).toBe(0);
  });

  it("a password reset is its own audited action that ends sessions and is shown to the user", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { user: officer } = await makeUser("OFFICER");
    const { resetToken } = await resetUserPassword(admin, { userId: officer.id });
    expect(resetToken.length).toBeGreaterThan(20);
    const after = await db().user.findUniqueOrThrow({ where: { id: officer.id } });
    expect(after.sessionVersion).toBe(officer.sessionVersion + 1);
    expect(after.passwordResetAt).not.toBeNull();
    expect(
      await db().auditEvent.count({
        where: { action: "user.password_reset", targetId: officer.id },
      }),
    ).toBe(1);
  });
});

describe("finding 7: login does the same work for unknown and existing emails", () => {
  it("runs the same number of database statements on both failure paths", async () => {
    const { user } = await makeUser("AGENT");
    // Warm up both paths (connection, dummy hash) before counting.
    await attemptLogin({ email: `nobody-${randomUUID()}@test.veil`, password: "x-wrong" }, ctx());
    // The audit sealer's own statements run in the background; they are not the login's.
    const [unknown, existing] = await withBackgroundSealingPaused(async () => {
      const spy = vi.spyOn(pg.Client.prototype, "query");
      await attemptLogin({ email: `nobody-${randomUUID()}@test.veil`, password: "x-wrong" }, ctx());
      const u = spy.mock.calls.length;
      spy.mockClear();
      await attemptLogin({ email: user.email, password: "x-wrong" }, ctx());
      const e = spy.mock.calls.length;
      spy.mockRestore();
      return [u, e];
    });
    expect(unknown).toBeGreaterThan(0);
    expect(existing).toBe(unknown);
  });
});

describe("finding 9: every refused reveal is audited", () => {
  it("records role, reveal-right, step-up and validation refusals", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike());
    const good = { customerId: id, field: "email", purpose: "kyc_review", caseRef: "KYC-1001" };
    const attempts: [Parameters<typeof revealField>[0], unknown, string][] = [
      [(await makeUser("AGENT")).principal, good, "FORBIDDEN"],
      [(await makeUser("ANALYST")).principal, good, "FORBIDDEN"],
      [(await makeUser("OFFICER", { steppedUp: false })).principal, good, "STEP_UP_REQUIRED"],
      [officer, { ...good, field: "fullName" }, "VALIDATION"],
      [officer, { ...good, purpose: "curiosity" }, "VALIDATION"],
    ];
    for (const [actor, input, code] of attempts) {
      const before = await db().auditEvent.count({
        where: { action: "customer.reveal", outcome: "denied" },
      });
      await expect(revealField(actor, input)).rejects.toMatchObject({ code });
      expect(
        await db().auditEvent.count({ where: { action: "customer.reveal", outcome: "denied" } }),
      ).toBe(before + 1);
    }
  });
});

describe("finding 10: sign-out ends the session on the server", () => {
  it("a copied session token stops working after sign-out; the user's other sessions stay", async () => {
    const { user } = await makeUser("AGENT");
    const now = Math.floor(Date.now() / 1000);
    const copied = {
      uid: user.id,
      sv: user.sessionVersion,
      sid: randomUUID(),
      authTime: now,
      lastSeen: now,
    };
    const other = { ...copied, sid: randomUUID() };
    expect(sessionStillValid(copied, await sessionUser(user.id))).toBe(true);
    await revokeSession(copied);
    const state = await sessionUser(user.id);
    expect(sessionStillValid(copied, state)).toBe(false);
    expect(sessionStillValid(other, state)).toBe(true);
    // Tokens from before sessions had ids are not honoured.
    expect(sessionStillValid({ ...copied, sid: undefined as never }, state)).toBe(false);
  });
});

describe("finding 11: IPv6 clients are limited per /64", () => {
  it("shares the captcha threshold across addresses of one /64", async () => {
    const prefix = `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}:1`;
    for (let i = 1; i <= 3; i++)
      await attemptLogin(
        { email: `nobody-${randomUUID()}@test.veil`, password: "wrong" },
        ctx(`${prefix}::${i}`),
      );
    const { user } = await makeUser("AGENT");
    expect(
      await attemptLogin(
        { email: user.email, password: TEST_PASSWORD },
        ctx(`${prefix}:0:ffff:0:4`),
      ),
    ).toEqual({ ok: false, code: "CAPTCHA_REQUIRED" });
  });
});

describe("finding 12: smaller items", () => {
  it("a concurrent approve and decline cannot both win", async () => {
    const { principal: requester } = await makeUser("OFFICER");
    const { principal: a } = await makeUser("OFFICER");
    const { principal: b } = await makeUser("OFFICER");
    const { id } = await createCustomer(requester, customerLike());
    const { id: requestId } = await requestReveal(requester, {
      customerId: id,
      field: "pan",
      purpose: "chargeback",
      caseRef: "CB-2201",
    });
    const results = await Promise.allSettled([
      decideReveal(a, { requestId, approve: true }),
      decideReveal(b, { requestId, approve: false }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      await db().auditEvent.count({
        where: { targetId: requestId, action: { in: ["reveal.approve", "reveal.decline"] } },
      }),
    ).toBe(1);
  });

  it("an approval is bound to the purpose and case it was given for", async () => {
    const { principal: requester } = await makeUser("OFFICER");
    const { principal: approver } = await makeUser("OFFICER");
    const { id } = await createCustomer(requester, customerLike());
    const asked = { customerId: id, field: "pan", purpose: "chargeback", caseRef: "CB-3301" };
    const { id: requestId } = await requestReveal(requester, asked);
    await decideReveal(approver, { requestId, approve: true });
    await expect(
      revealField(requester, { ...asked, purpose: "kyc_review", caseRef: "KYC-9" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(revealField(requester, { ...asked, caseRef: "CB-9999" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect((await revealField(requester, asked)).value).toBe("4111111111111111");
  });

  it("the case reference is a constrained reference, not free text", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike());
    for (const caseRef of ["Jane Smith asked about her card", "ab", "x".repeat(40), "CASE 12"])
      await expect(
        revealField(officer, { customerId: id, field: "email", purpose: "kyc_review", caseRef }),
      ).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("an admin cannot change their own role", async () => {
    const { principal: admin, user } = await makeUser("ADMIN");
    await makeUser("ADMIN"); // not the last admin: the refusal is about self-change
    await expect(changeUserRole(admin, { userId: user.id, role: "OFFICER" })).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("ADMIN");
  });

  it("inserting customers checks the caller", async () => {
    const { principal: analyst } = await makeUser("ANALYST");
    const before = await db().customer.count();
    await expect(insertCustomers(analyst, [customerLike()])).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      insertCustomers({ kind: "anonymous", ip: null, requestId: null }, [customerLike()]),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db().customer.count()).toBe(before);
  });

  it("log redaction covers every customer field", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const previous = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    reloadEnv();
    (globalThis as { veilLogger?: unknown }).veilLogger = undefined;
    let c: ReturnType<typeof customerLike>;
    try {
      c = customerLike({ fullName: "Redact Me Fullname" });
      logger().info({ customer: c, ...c }, "oops");
      logger().flush?.();
    } finally {
      spy.mockRestore();
      process.env.LOG_LEVEL = previous;
      reloadEnv();
      (globalThis as { veilLogger?: unknown }).veilLogger = undefined;
    }
    const out = lines.join("");
    expect(out).toContain("oops");
    // Every value of every catalogue field (and its stored parts), not a hand-picked few.
    const values = Object.values(c).filter((v): v is string => typeof v === "string");
    expect(values.length).toBeGreaterThanOrEqual(Object.keys(CATALOGUE.fields).length);
    for (const value of values) expect(out).not.toContain(value);
  });

  it("session-secret rotation keeps sealed TOTP secrets readable through the previous key", () => {
    const { user } = { user: { id: randomUUID() } };
    const old = process.env.VEIL_SESSION_SECRET!;
    const sealed = sealTotpSecret(SECRET, user.id);
    process.env.VEIL_SESSION_SECRET = `rotated-${randomUUID()}-${randomUUID()}`;
    process.env.VEIL_SESSION_SECRET_PREVIOUS = old;
    reloadEnv();
    try {
      expect(openTotpSecret(sealed, user.id)).toBe(SECRET);
      delete process.env.VEIL_SESSION_SECRET_PREVIOUS;
      reloadEnv();
      expect(() => openTotpSecret(sealed, user.id)).toThrow();
    } finally {
      process.env.VEIL_SESSION_SECRET = old;
      delete process.env.VEIL_SESSION_SECRET_PREVIOUS;
      reloadEnv();
    }
  });
});

describe("finding 12: what anonymous callers and the serving process can see", () => {
  it("/api/ready tells anonymous callers only the status", async () => {
    const { GET } = await import("@/app/api/ready/route");
    const body = await (await GET(new Request("http://localhost/api/ready"))).json();
    expect(Object.keys(body)).toEqual(["status"]);
    expect(body.status).toMatch(/^ready/);
  });
});
