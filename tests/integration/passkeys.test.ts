// Passkeys as a second factor: registering one (a fresh step-up first), signing in and stepping
// up with it, the admin's requirement for administrators and officers, and revocation. The
// authenticator is software with real keys and signatures (tests/support/soft-authenticator.ts);
// Chromium's virtual authenticator runs the same flows in tests/e2e/passkeys.e2e.ts.
import { afterAll, describe, expect, it } from "vitest";
import { attemptLogin } from "@/lib/server/auth/login";
import { assertionOptions } from "@/lib/server/auth/passkeys/assertion";
import { passkeyRequiredFor, setPasskeysRequired } from "@/lib/server/auth/passkeys/policy";
import { db } from "@/lib/server/db";
import { resetUserTwoFactor, revokeUserPasskey } from "@/lib/server/users/admin";
import {
  listOwnPasskeys,
  passkeyRegistrationOptions,
  removeOwnPasskey,
} from "@/lib/server/users/passkeys";
import { verifyPasskeyStepUp, verifyStepUp } from "@/lib/server/users/step-up";
import { auditTrailOf } from "../support/audit";
import {
  registeredAuthenticator,
  RP,
  rp,
  signInCtx,
  signInWithPasskey,
  withFactor,
} from "../support/passkeys";
import { makeUser, TEST_PASSWORD } from "../support/principals";

describe("passkeys", () => {
  afterAll(async () => {
    const { principal } = await makeUser("ADMIN");
    await setPasskeysRequired(principal, { required: false });
  });

  it("registers only after a fresh step-up, with the current second factor once there is one", async () => {
    const { principal: officer } = await makeUser("OFFICER", { steppedUp: false });
    await expect(passkeyRegistrationOptions(officer, RP)).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });
    // A password step-up is not enough for an account with TOTP: a phished password and a
    // stolen session must not add the attacker's passkey.
    const withPassword = { ...officer, stepUpAt: Date.now(), stepUpFactor: "password" as const };
    await expect(passkeyRegistrationOptions(withPassword, RP)).rejects.toMatchObject({
      code: "STEP_UP_REQUIRED",
    });

    const { passkey } = await registeredAuthenticator(officer);
    expect(passkey).toMatchObject({ name: "Test key", synced: false, lastUsedAt: null });
    expect(await listOwnPasskeys(officer)).toEqual([passkey]);
    expect((await auditTrailOf(officer.userId)).map((e) => e.action)).toEqual(["user.passkey_add"]);
  });

  it("asks for the passkey after the right password, and signs in with it", async () => {
    const { user, principal } = await makeUser("AGENT");
    const { authenticator } = await registeredAuthenticator(principal);

    expect(
      await attemptLogin({ email: user.email, password: TEST_PASSWORD }, signInCtx(), rp),
    ).toEqual({
      ok: false,
      code: "PASSKEY_REQUIRED",
    });
    const r = await signInWithPasskey(user.email, authenticator);
    expect(r).toMatchObject({ ok: true, secondFactor: "passkey", user: { id: user.id } });
    // A wrong password with a good passkey answer is still a wrong password.
    expect(await signInWithPasskey(user.email, authenticator, {}, "wrong password")).toEqual({
      ok: false,
      code: "INVALID",
    });
    const used = await db().passkey.findFirstOrThrow({ where: { userId: user.id } });
    expect(used.lastUsedAt).not.toBeNull();
    expect(used.counter).toBe(1n);
  });

  it("offers passkey or code to an account with both, until passkeys are required for its role", async () => {
    const { user, principal: officer } = await makeUser("OFFICER");
    const { authenticator } = await registeredAuthenticator(officer);
    const password = { email: user.email, password: TEST_PASSWORD };
    expect(await attemptLogin(password, signInCtx(), rp)).toEqual({
      ok: false,
      code: "PASSKEY_OR_TOTP",
    });

    const { principal: admin } = await makeUser("ADMIN");
    await expect(
      setPasskeysRequired({ ...admin, stepUpAt: null }, { required: true }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    // An admin without a passkey would lock themselves out of the admin screens: refused.
    await expect(setPasskeysRequired(admin, { required: true })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await registeredAuthenticator(admin);
    await expect(setPasskeysRequired(officer, { required: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await setPasskeysRequired(admin, { required: true })).toBe(true);
    expect(await passkeyRequiredFor("OFFICER")).toBe(true);
    expect(await passkeyRequiredFor("AGENT")).toBe(false);

    // Now a TOTP code no longer signs the officer in, nor steps them up: only the passkey.
    expect(await attemptLogin(password, signInCtx(), rp)).toEqual({
      ok: false,
      code: "PASSKEY_REQUIRED",
    });
    await expect(verifyStepUp(officer, { secret: TEST_PASSWORD })).rejects.toMatchObject({
      code: "VALIDATION",
      message: expect.stringMatching(/passkey/),
    });
    expect(await signInWithPasskey(user.email, authenticator)).toMatchObject({ ok: true });
    // Their last passkey cannot be removed while the role needs one.
    const [mine] = await listOwnPasskeys(officer);
    await expect(
      removeOwnPasskey(withFactor(officer), { passkeyId: mine!.id }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await listOwnPasskeys(officer)).toHaveLength(1);

    expect(await setPasskeysRequired(admin, { required: false })).toBe(false);
    const settings = await db().auditEvent.findMany({
      where: { action: "settings.passkeys_required", actorId: admin.userId },
      orderBy: { at: "asc" },
    });
    expect(settings.map((e) => e.detail)).toEqual([{ required: true }, { required: false }]);
  });

  it("steps up with a passkey only when the authenticator verified the person", async () => {
    const { principal } = await makeUser("OFFICER");
    const { authenticator } = await registeredAuthenticator(principal);
    const options = await assertionOptions("step-up", principal.userId, RP);
    expect(options.userVerification).toBe("required");
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([authenticator.id]);

    const tapOnly = authenticator.assert(options, { noUserVerification: true });
    await expect(verifyPasskeyStepUp(principal, { response: tapOnly }, RP)).rejects.toMatchObject({
      code: "VALIDATION",
    });
    const verified = authenticator.assert(await assertionOptions("step-up", principal.userId, RP));
    expect(await verifyPasskeyStepUp(principal, { response: verified }, RP)).toEqual({
      factor: "passkey",
    });
    const steps = await db().auditEvent.findMany({
      where: { action: "auth.step_up", targetId: principal.userId },
      orderBy: { at: "asc" },
    });
    expect(steps.map((s) => [s.outcome, s.detail])).toEqual([
      ["failure", null],
      ["success", { factor: "passkey" }],
    ]);
  });

  it("an admin revokes one passkey (sessions end); resetting two-factor removes them all", async () => {
    const { user, principal } = await makeUser("AGENT");
    const one = await registeredAuthenticator(principal);
    const two = await registeredAuthenticator(principal, { synced: true });
    const { principal: admin } = await makeUser("ADMIN");
    const before = await db().user.findUniqueOrThrow({ where: { id: user.id } });

    await expect(
      revokeUserPasskey(
        { ...admin, stepUpAt: null },
        { userId: user.id, passkeyId: one.passkey.id },
      ),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    // Another user's passkey id under this user: nothing found, nothing removed (no IDOR).
    const { principal: other } = await makeUser("AGENT");
    const theirs = await registeredAuthenticator(other);
    await expect(
      revokeUserPasskey(admin, { userId: user.id, passkeyId: theirs.passkey.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      removeOwnPasskey(withFactor(principal), { passkeyId: theirs.passkey.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listOwnPasskeys(other)).toHaveLength(1);

    await revokeUserPasskey(admin, { userId: user.id, passkeyId: one.passkey.id });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect((await listOwnPasskeys(principal)).map((p) => [p.id, p.synced])).toEqual([
      [two.passkey.id, true],
    ]);
    expect(await signInWithPasskey(user.email, one.authenticator)).toEqual({
      ok: false,
      code: "INVALID",
    });
    expect(await signInWithPasskey(user.email, two.authenticator)).toMatchObject({ ok: true });

    await resetUserTwoFactor(admin, { userId: user.id });
    expect(await listOwnPasskeys(principal)).toEqual([]);
    expect((await auditTrailOf(user.id)).map((e) => [e.action, e.outcome, e.detail])).toEqual([
      ["user.passkey_add", "success", null],
      ["user.passkey_add", "success", null],
      ["user.passkey_revoke", "success", null],
      ["auth.login", "failure", { reason: "bad_passkey" }],
      ["auth.login", "success", null],
      ["user.reset_2fa", "success", null],
    ]);
  });
});
