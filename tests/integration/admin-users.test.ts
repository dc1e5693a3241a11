import { randomUUID } from "node:crypto";
import { generate } from "@otplib/totp";
import { NobleCryptoPlugin, ScureBase32Plugin } from "otplib";
import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/generated/prisma/enums";
import { sessionStillValid, sessionUser } from "@/lib/server/auth/session-state";
import { db } from "@/lib/server/db";
import {
  changeUserRole,
  createUser,
  listUsers,
  reissueInvite,
  resetUserTwoFactor,
  setUserDisabled,
  signOutUserEverywhere,
} from "@/lib/server/users/admin";
import { checkSetPasswordLink, setPasswordWithToken } from "@/lib/server/users/invitations";
import { accountOverview } from "@/lib/server/users/overview";
import { beginTotpEnrolment, confirmTotpEnrolment } from "@/lib/server/users/two-factor";
import { makeUser } from "../support/principals";
import { auditTrailOf } from "../support/audit";

const ADMIN_FUNCTIONS = {
  listUsers: (p: Parameters<typeof listUsers>[0]) => listUsers(p, {}),
  createUser: (p: Parameters<typeof createUser>[0]) =>
    createUser(p, { mode: "invite", email: `x-${Date.now()}@test.veil`, name: "X", role: "AGENT" }),
  changeUserRole: (p: Parameters<typeof changeUserRole>[0], id: string) =>
    changeUserRole(p, { userId: id, role: "ANALYST" }),
  setUserDisabled: (p: Parameters<typeof setUserDisabled>[0], id: string) =>
    setUserDisabled(p, { userId: id, disabled: true }),
  resetUserTwoFactor: (p: Parameters<typeof resetUserTwoFactor>[0], id: string) =>
    resetUserTwoFactor(p, { userId: id }),
  signOutUserEverywhere: (p: Parameters<typeof signOutUserEverywhere>[0], id: string) =>
    signOutUserEverywhere(p, { userId: id }),
  reissueInvite: (p: Parameters<typeof reissueInvite>[0], id: string) =>
    reissueInvite(p, { userId: id }),
};

describe("admin user management in the data layer", () => {
  for (const role of ["AGENT", "OFFICER", "ANALYST"] as Role[]) {
    it(`refuses every admin function to ${role}, even stepped-up`, async () => {
      const { principal } = await makeUser(role);
      const { user: target } = await makeUser("AGENT");
      for (const [name, fn] of Object.entries(ADMIN_FUNCTIONS)) {
        await expect(fn(principal, target.id), name).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      expect((await db().user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("AGENT");
    });
  }

  it("requires a recent step-up for admin changes", async () => {
    const { principal } = await makeUser("ADMIN", { steppedUp: false });
    const { user: target } = await makeUser("AGENT");
    await expect(
      changeUserRole(principal, { userId: target.id, role: "OFFICER" }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    const stale = { ...principal, stepUpAt: Date.now() - 6 * 60_000 };
    await expect(
      changeUserRole(stale, { userId: target.id, role: "OFFICER" }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    expect((await db().user.findUniqueOrThrow({ where: { id: target.id } })).role).toBe("AGENT");
  });

  it("an admin's reset of a second factor is explained to its user until they enrol again", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { principal: officer } = await makeUser("OFFICER");
    expect((await accountOverview(officer)).twoFactorResetAt).toBeNull();
    await resetUserTwoFactor(admin, { userId: officer.userId });
    const after = await accountOverview(officer);
    expect(after.twoFactor).toBe(false);
    expect(Date.parse(after.twoFactorResetAt!)).toBeGreaterThan(Date.now() - 60_000);

    const { secret, pending } = await beginTotpEnrolment(officer);
    const code = await generate({
      secret,
      crypto: new NobleCryptoPlugin(),
      base32: new ScureBase32Plugin(),
    });
    await confirmTotpEnrolment(officer, { pending, code });
    const enrolled = await accountOverview(officer);
    expect(enrolled.twoFactor).toBe(true);
    expect(enrolled.twoFactorResetAt).toBeNull();
  });

  it("refuses an admin who has not enrolled TOTP", async () => {
    const { principal } = await makeUser("ADMIN", { mfa: false });
    await expect(listUsers(principal, {})).rejects.toMatchObject({ code: "MFA_REQUIRED" });
  });

  it("creates, changes and disables users with an audit row each, ending their sessions", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { user: created, inviteToken } = await createUser(admin, {
      mode: "invite",
      email: `  New.Agent-${Date.now()}@Test.Veil `,
      name: "New Agent",
      role: "AGENT",
    });
    expect(created.email).toMatch(/^new\.agent-\d+@test\.veil$/);
    expect(inviteToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const before = await db().user.findUniqueOrThrow({ where: { id: created.id } });
    const claims = {
      uid: created.id,
      sv: before.sessionVersion,
      sid: randomUUID(),
      authTime: Math.floor(Date.now() / 1000),
      lastSeen: Math.floor(Date.now() / 1000),
    };
    expect(sessionStillValid(claims, await sessionUser(created.id))).toBe(true);

    await changeUserRole(admin, { userId: created.id, role: "OFFICER" });
    await setUserDisabled(admin, { userId: created.id, disabled: true });
    const after = await db().user.findUniqueOrThrow({ where: { id: created.id } });
    expect(after).toMatchObject({ role: "OFFICER", disabled: true });
    expect(sessionStillValid(claims, await sessionUser(created.id))).toBe(false);

    const actions = (await auditTrailOf(created.id)).map((e) => [e.action, e.actorId]);
    expect(actions).toEqual([
      ["user.create", admin.userId],
      ["user.role_change", admin.userId],
      ["user.disable", admin.userId],
    ]);
    // Audit rows carry ids, never the email or the token.
    const rows = JSON.stringify(
      await db().auditEvent.findMany({ where: { targetId: created.id } }),
      (_, v) => (typeof v === "bigint" ? String(v) : v),
    );
    expect(rows).not.toContain(created.email);
    expect(rows).not.toContain(inviteToken!);
  });

  it("never demotes or disables the last active admin", async () => {
    // Leave exactly one active admin: disable all others first.
    const { principal: admin, user } = await makeUser("ADMIN");
    await db().user.updateMany({
      where: { role: "ADMIN", id: { not: user.id } },
      data: { disabled: true },
    });
    const system = { kind: "system", name: "test" } as const;
    await expect(changeUserRole(system, { userId: user.id, role: "AGENT" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(
      setUserDisabled(system, { userId: user.id, disabled: true }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setUserDisabled(admin, { userId: user.id, disabled: true })).rejects.toMatchObject(
      { code: "CONFLICT" },
    );
    expect(await db().user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      role: "ADMIN",
      disabled: false,
    });
    // With a second admin, demotion is allowed.
    const { user: second } = await makeUser("ADMIN");
    await changeUserRole(system, { userId: user.id, role: "AGENT" });
    await expect(
      changeUserRole(system, { userId: second.id, role: "AGENT" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("an invitation link works once, then never again", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { user, inviteToken } = await createUser(admin, {
      mode: "invite",
      email: `invitee-${Date.now()}@test.veil`,
      name: "Invitee",
      role: "ANALYST",
    });
    const ctx = { ip: null, requestId: null };
    // Opening the link names the account before anything is typed.
    expect(await checkSetPasswordLink({ token: inviteToken }, ctx)).toEqual({ email: user.email });
    await expect(
      setPasswordWithToken(
        { token: inviteToken, password: "password1234", confirm: "password1234" },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await setPasswordWithToken(
      {
        token: inviteToken,
        password: "a long and unusual passphrase",
        confirm: "a long and unusual passphrase",
      },
      ctx,
    );
    expect(
      (
        await db().user.findUniqueOrThrow({
          where: { id: user.id },
          select: { passwordHash: true },
        })
      ).passwordHash,
    ).toMatch(/^\$2b\$/);
    await expect(
      setPasswordWithToken(
        {
          token: inviteToken,
          password: "another unusual passphrase",
          confirm: "another unusual passphrase",
        },
        ctx,
      ),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    // A used (or forged) link is dead on opening, says only that, and the refusal is audited
    // (from a fresh address: only an address's first refusal in its window is, see review 2 #9).
    const before = await db().auditEvent.count({
      where: { action: "user.set_password", outcome: "denied" },
    });
    for (const [i, token] of [inviteToken!, "x".repeat(43)].entries())
      await expect(
        checkSetPasswordLink({ token }, { ip: `198.19.7.${i + 1}`, requestId: null }),
      ).rejects.toMatchObject({
        code: "VALIDATION",
        userMessage: expect.stringMatching(/invalid or has expired/),
      });
    expect(
      await db().auditEvent.count({ where: { action: "user.set_password", outcome: "denied" } }),
    ).toBe(before + 2);
  });

  it("rejects bad input with a validation error and writes nothing", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const count = await db().user.count();
    for (const input of [
      { mode: "invite", email: "not-an-email", name: "X", role: "AGENT" },
      { mode: "invite", email: "ok@test.veil", name: "<script>alert(1)</script>", role: "AGENT" },
      { mode: "invite", email: "ok@test.veil", name: "X", role: "ROOT" },
      { mode: "password", email: "ok2@test.veil", name: "X", role: "AGENT", password: "short" },
      {
        mode: "password",
        email: "ok3@test.veil",
        name: "X",
        role: "AGENT",
        password: "password123456",
      },
    ]) {
      await expect(createUser(admin, input)).rejects.toMatchObject({ code: "VALIDATION" });
    }
    await expect(
      changeUserRole(admin, { userId: '\'; DROP TABLE "User"; --', role: "AGENT" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      changeUserRole(admin, { userId: "00000000-0000-4000-8000-000000000000", role: "AGENT" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db().user.count()).toBe(count);
  });
});
