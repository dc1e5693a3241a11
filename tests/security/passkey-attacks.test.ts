// Attacks on the passkey second factor, each tried and refused: a replayed answer, a cloned
// authenticator (counter wound back), an answer phished through another origin or relying party,
// someone else's passkey with this password, a challenge forged, expired or issued for another
// ceremony, a credential whose backup eligibility changed, and malformed or oversized answers.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { attemptLogin } from "@/lib/server/auth/login";
import { assertionOptions } from "@/lib/server/auth/passkeys/assertion";
import { issueChallenge } from "@/lib/server/auth/passkeys/challenge";
import { db } from "@/lib/server/db";
import { registerPasskey } from "@/lib/server/users/passkeys";
import { verifyPasskeyStepUp } from "@/lib/server/users/step-up";
import { registeredAuthenticator, RP, rp, signInCtx, withFactor } from "../support/passkeys";
import { makeUser, TEST_PASSWORD } from "../support/principals";
import { SoftAuthenticator } from "../support/soft-authenticator";

async function agentWithPasskey(opts: { synced?: boolean; counts?: boolean } = {}) {
  const { user, principal } = await makeUser("AGENT");
  const { authenticator } = await registeredAuthenticator(principal, opts);
  const signIn = (answer: unknown) =>
    attemptLogin(
      { email: user.email, password: TEST_PASSWORD, passkey: JSON.stringify(answer) },
      signInCtx(),
      rp,
    );
  return { user, principal, authenticator, signIn };
}
const signInOptions = () => assertionOptions("sign-in", null, RP);
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64url");
const INVALID = { ok: false, code: "INVALID" };

describe("passkey attacks", () => {
  it("refuses a replayed answer: each challenge signs in once", async () => {
    const { authenticator, signIn } = await agentWithPasskey({ counts: false });
    const answer = authenticator.assert(await signInOptions());
    expect(await signIn(answer)).toMatchObject({ ok: true });
    expect(await signIn(answer)).toEqual(INVALID);
  });

  it("refuses a cloned authenticator whose counter went back", async () => {
    const { authenticator, signIn } = await agentWithPasskey();
    expect(await signIn(authenticator.assert(await signInOptions()))).toMatchObject({ ok: true });
    expect(await signIn(authenticator.assert(await signInOptions()))).toMatchObject({ ok: true });
    // The clone signs a fresh challenge, but with the counter it had when it was copied.
    const clone = authenticator.assert(await signInOptions(), { counter: 1 });
    expect(await signIn(clone)).toEqual(INVALID);
  });

  it("refuses an answer made for another origin or relying party (a phishing page)", async () => {
    const { authenticator, signIn } = await agentWithPasskey();
    const options = await signInOptions();
    expect(
      await signIn(authenticator.assert(options, { origin: "https://veil-login.example" })),
    ).toEqual(INVALID);
    expect(
      await signIn(authenticator.assert(await signInOptions(), { rpId: "veil-login.example" })),
    ).toEqual(INVALID);
  });

  it("refuses someone else's passkey with this account's password", async () => {
    const victim = await agentWithPasskey();
    const attacker = await agentWithPasskey();
    expect(await victim.signIn(attacker.authenticator.assert(await signInOptions()))).toEqual(
      INVALID,
    );
    // A passkey never registered anywhere: same answer.
    const stranger = new SoftAuthenticator(RP);
    expect(await victim.signIn(stranger.assert(await signInOptions()))).toEqual(INVALID);
  });

  it("refuses forged, expired and other ceremonies' challenges", async () => {
    const { principal, authenticator, signIn } = await agentWithPasskey();
    const forged = { challenge: b64(randomBytes(36)) };
    expect(await signIn(authenticator.assert(forged))).toEqual(INVALID);
    const expired = { challenge: b64(issueChallenge("sign-in", "", Date.now() - 6 * 60_000)) };
    expect(await signIn(authenticator.assert(expired))).toEqual(INVALID);
    // A step-up challenge (another ceremony, bound to the user) does not sign in...
    const stepUp = await assertionOptions("step-up", principal.userId, RP);
    expect(await signIn(authenticator.assert(stepUp))).toEqual(INVALID);
    // ...and a sign-in challenge does not step up, nor does another user's step-up challenge.
    await expect(
      verifyPasskeyStepUp(principal, { response: authenticator.assert(await signInOptions()) }, RP),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    const { principal: other } = await makeUser("AGENT");
    const theirs = { challenge: b64(issueChallenge("step-up", other.userId)) };
    await expect(
      verifyPasskeyStepUp(principal, { response: authenticator.assert(theirs) }, RP),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("refuses a credential whose backup eligibility changed since it was registered", async () => {
    const { authenticator, signIn } = await agentWithPasskey({ synced: false });
    const flipped = authenticator.assert(await signInOptions(), { backupEligible: true });
    expect(await signIn(flipped)).toEqual(INVALID);
    expect(await signIn(authenticator.assert(await signInOptions()))).toMatchObject({ ok: true });
  });

  it("answers malformed or oversized passkey fields as a failed sign-in, changing nothing", async () => {
    const { user } = await agentWithPasskey();
    const key = await db().passkey.findFirstOrThrow({ where: { userId: user.id } });
    for (const passkey of [
      "{not json",
      JSON.stringify({ id: "x", type: "public-key" }),
      JSON.stringify({ id: "<script>alert(1)</script>", rawId: '\'; DROP TABLE "Passkey";--' }),
      "x".repeat(9000),
    ]) {
      const r = await attemptLogin(
        { email: user.email, password: TEST_PASSWORD, passkey },
        signInCtx(),
        rp,
      );
      expect(r).toEqual(INVALID);
    }
    expect(await db().passkey.findUniqueOrThrow({ where: { id: key.id } })).toEqual(key);
  });

  it("refuses registering with a replayed or foreign answer", async () => {
    const { principal } = await makeUser("AGENT");
    const { authenticator } = await registeredAuthenticator(principal);
    // The same credential again (replayed registration), then one made for another site.
    const again = authenticator.register({
      challenge: b64(issueChallenge("register", principal.userId)),
    });
    await expect(
      registerPasskey(withFactor(principal), { name: "again", response: again }, RP),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    const phished = new SoftAuthenticator(RP).register(
      { challenge: b64(issueChallenge("register", principal.userId)) },
      { origin: "https://veil-login.example" },
    );
    await expect(
      registerPasskey(withFactor(principal), { name: "phished", response: phished }, RP),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    // Registering for someone else: a challenge bound to another user is refused.
    const { principal: victim } = await makeUser("AGENT");
    const planted = new SoftAuthenticator(RP).register({
      challenge: b64(issueChallenge("register", victim.userId)),
    });
    await expect(
      registerPasskey(withFactor(principal), { name: "planted", response: planted }, RP),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().passkey.count({ where: { userId: principal.userId } })).toBe(1);
    expect(await db().passkey.count({ where: { userId: victim.userId } })).toBe(0);
  });
});
