// Requiring single sign-on for chosen roles: their passwords stop opening sessions, except the
// one break-glass admin (alerted on every use); changing it takes an admin with a fresh step-up.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptLogin } from "@/lib/server/auth/login";
import { setSsoRequiredRoles, ssoRequiredRoles } from "@/lib/server/auth/sign-in-policy";
import { db } from "@/lib/server/db";
import { configureEnv } from "../support/configure-env";
import { makeUser, TEST_PASSWORD } from "../support/principals";

const ctx = () => ({
  ip: `198.51.100.${Math.floor(Math.random() * 250) + 1}`,
  userAgent: "t",
  requestId: randomUUID(),
});
const SSO = {
  VEIL_OIDC_ISSUER: "https://idp.example.test",
  VEIL_OIDC_CLIENT_ID: "veil",
  VEIL_OIDC_CLIENT_SECRET: "a-client-secret-for-tests-only",
  VEIL_OIDC_ROLE_MAP: "veil-admins=ADMIN",
};

describe("single sign-on required for chosen roles", () => {
  let glassEmail = "";
  beforeAll(async () => {
    const { user } = await makeUser("ADMIN", { mfa: false });
    glassEmail = user.email;
    configureEnv({ ...SSO, VEIL_SSO_BREAK_GLASS_EMAIL: glassEmail });
  });
  afterAll(async () => {
    const { principal } = await makeUser("ADMIN");
    await setSsoRequiredRoles(principal, { roles: [] });
    configureEnv(
      Object.fromEntries(
        [...Object.keys(SSO), "VEIL_SSO_BREAK_GLASS_EMAIL"].map((k) => [k, undefined]),
      ),
    );
  });

  it("only an admin with a fresh step-up changes it, audited; bad roles change nothing", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    await expect(setSsoRequiredRoles(officer, { roles: ["ADMIN"] })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const { principal: cold } = await makeUser("ADMIN", { steppedUp: false });
    await expect(setSsoRequiredRoles(cold, { roles: ["ADMIN"] })).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    const { principal: admin } = await makeUser("ADMIN");
    for (const roles of [["ROOT"], "ADMIN", [null]])
      await expect(setSsoRequiredRoles(admin, { roles })).rejects.toMatchObject({
        code: "VALIDATION",
      });
    expect(await ssoRequiredRoles()).toEqual([]);
    expect(await setSsoRequiredRoles(admin, { roles: ["ADMIN", "OFFICER"] })).toEqual([
      "OFFICER",
      "ADMIN",
    ]);
    const event = await db().auditEvent.findFirstOrThrow({
      where: { action: "settings.sso_required", actorId: admin.userId },
    });
    expect(event.detail).toEqual({ roles: ["OFFICER", "ADMIN"] });
  });

  it("refuses a required role's right password, lets other roles in, and alerts on the break-glass admin", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    await setSsoRequiredRoles(admin, { roles: ["ADMIN"] });

    const { user: localAdmin } = await makeUser("ADMIN", { mfa: false });
    expect(await attemptLogin({ email: localAdmin.email, password: TEST_PASSWORD }, ctx())).toEqual(
      {
        ok: false,
        code: "SSO_REQUIRED",
      },
    );
    const refusal = await db().auditEvent.findFirstOrThrow({
      where: { action: "auth.login", targetId: localAdmin.id },
      orderBy: { seq: "desc" },
    });
    expect([refusal.outcome, refusal.detail]).toEqual(["denied", { reason: "sso_required" }]);
    // A wrong password is still just wrong: the requirement says nothing about unknown passwords.
    expect(
      await attemptLogin({ email: localAdmin.email, password: "not it at all" }, ctx()),
    ).toEqual({
      ok: false,
      code: "INVALID",
    });

    const { user: agent } = await makeUser("AGENT");
    expect((await attemptLogin({ email: agent.email, password: TEST_PASSWORD }, ctx())).ok).toBe(
      true,
    );

    const glass = await attemptLogin({ email: glassEmail, password: TEST_PASSWORD }, ctx());
    expect(glass.ok).toBe(true);
    const glassUser = await db().user.findUniqueOrThrow({ where: { email: glassEmail } });
    await expect
      .poll(() =>
        db().alert.count({ where: { kind: "break_glass_sign_in", subjectId: glassUser.id } }),
      )
      .toBe(1);
  });
});
