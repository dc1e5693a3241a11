// Second review, item 2: re-authentication limits hold under concurrency. An attacker holding a
// session cookie fires many step-up or change-password guesses at once; only the allowed number
// may ever be checked against the password.
import { describe, expect, it } from "vitest";
import { limit } from "@/lib/policy/limits";
import { db } from "@/lib/server/db";
import { changeOwnPassword } from "@/lib/server/users/password";
import { verifyStepUp } from "@/lib/server/users/step-up";
import { makeUser, TEST_PASSWORD } from "../support/principals";

const TRIES = 41;
const REAUTH_FAILURE_LIMIT = limit("reauthFailures").count;

/** How many guesses were actually checked: each checked guess leaves a failure audit row. */
async function checkedGuesses(userId: string, action: string) {
  return db().auditEvent.count({ where: { actorId: userId, action, outcome: "failure" } });
}

describe("item 2: re-authentication limits hold under concurrency", () => {
  it(`41 concurrent wrong step-ups check at most ${REAUTH_FAILURE_LIMIT} guesses`, async () => {
    const { principal, user } = await makeUser("AGENT");
    const results = await Promise.allSettled(
      Array.from({ length: TRIES }, (_, i) =>
        verifyStepUp(principal, { secret: `wrong guess number ${i}` }),
      ),
    );
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(await checkedGuesses(user.id, "auth.step_up")).toBeLessThanOrEqual(REAUTH_FAILURE_LIMIT);
    // The session was ended: even the right password is refused now.
    await expect(verifyStepUp(principal, { secret: TEST_PASSWORD })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
  });

  it(`41 concurrent wrong change-passwords check at most ${REAUTH_FAILURE_LIMIT} guesses`, async () => {
    const { principal, user } = await makeUser("AGENT");
    const results = await Promise.allSettled(
      Array.from({ length: TRIES }, (_, i) =>
        changeOwnPassword(principal, {
          current: `wrong guess number ${i}`,
          next: "a brand new passphrase 42",
          confirm: "a brand new passphrase 42",
        }),
      ),
    );
    // Every try got past validation: each was either checked or refused by the limit.
    expect(
      results.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "ok")),
    ).not.toContain("ok");
    expect(await checkedGuesses(user.id, "user.password_change")).toBeLessThanOrEqual(
      REAUTH_FAILURE_LIMIT,
    );
  });

  it("a success gives its attempt back: the right password after four misses still works", async () => {
    const { principal } = await makeUser("AGENT");
    for (let i = 0; i < REAUTH_FAILURE_LIMIT - 1; i++)
      await expect(verifyStepUp(principal, { secret: `miss ${i} xxxxx` })).rejects.toBeTruthy();
    for (let i = 0; i < 3; i++)
      await expect(verifyStepUp(principal, { secret: TEST_PASSWORD })).resolves.toEqual({
        factor: "password",
      });
  });
});
