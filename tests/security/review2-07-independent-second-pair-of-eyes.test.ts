// Second review, item 7: one admin cannot satisfy a four-eyes control alone. An admin could
// create two officers with passwords of its choosing (or reset a colleague's password and two
// factor) and use them to reveal a full card number or approve an erasure.
// The rule (docs/security.md, "Four eyes"): for VEIL_FOUR_EYES_COOLING_DAYS (7) after an admin
// creates an account or resets its password or second factor, that account decides no four-eyes
// request, and that admin decides none of its requests.
import { describe, expect, it } from "vitest";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { createCustomer } from "@/lib/server/customers";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { db } from "@/lib/server/db";
import { decideErasure, requestErasure } from "@/lib/server/gdpr/erasure";
import { createUser, resetUserPassword, resetUserTwoFactor } from "@/lib/server/users/admin";
import { CANARY } from "../support/customers";
import { makeUser } from "../support/principals";

const PASSWORD = "an admin chose this passphrase";
const reveal = { field: "pan", purpose: "fraud_investigation", caseRef: "CASE-7" } as const;

/** An officer account created by `admin`, as the app would see it after sign-in and step-up. */
async function officerCreatedBy(admin: UserPrincipal): Promise<UserPrincipal> {
  const { user } = await createUser(admin, {
    mode: "password",
    email: `made-${Math.random().toString(36).slice(2, 10)}@test.veil`,
    name: "Made Officer",
    role: "OFFICER",
    password: PASSWORD,
  });
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: "OFFICER",
    stepUpAt: Date.now(),
    stepUpFactor: "totp",
    mfaSatisfied: true,
    ip: "127.0.0.1",
    requestId: null,
  };
}

async function customer(by: UserPrincipal) {
  return (await createCustomer(by, { ...CANARY, email: `fe.${Date.now()}@x.example` })).id;
}

describe("item 7: the second pair of eyes is independent of the admin", () => {
  it("two officers one admin just created cannot approve each other's reveal", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const a = await officerCreatedBy(admin);
    const b = await officerCreatedBy(admin);
    const { id: requestId } = await requestReveal(a, { customerId: await customer(a), ...reveal });
    await expect(decideReveal(b, { requestId, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      userMessage: expect.stringMatching(/independent/i),
    });
    const row = await db().revealRequest.findUniqueOrThrow({ where: { id: requestId } });
    expect(row.status).toBe("pending");
  });

  it("a colleague whose password and two-factor an admin just reset cannot approve", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const { principal: requester } = await makeUser("OFFICER");
    const { principal: colleague } = await makeUser("OFFICER");
    await resetUserPassword(admin, { userId: colleague.userId });
    await resetUserTwoFactor(admin, { userId: colleague.userId });
    const { id: requestId } = await requestReveal(requester, {
      customerId: await customer(requester),
      ...reveal,
    });
    await expect(decideReveal(colleague, { requestId, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("an admin cannot approve the erasure asked for by an officer it just created", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const made = await officerCreatedBy(admin);
    const id = await customer(made);
    const { id: requestId } = await requestErasure(made, { customerId: id, caseRef: "E-77" });
    await expect(decideErasure(admin, { requestId, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db().customer.count({ where: { id } })).toBe(1);
  });

  it("independent officers still approve, and the cooling period ends", async () => {
    const { principal: admin } = await makeUser("ADMIN");
    const made = await officerCreatedBy(admin);
    const { principal: independent } = await makeUser("OFFICER");
    const first = await requestReveal(made, { customerId: await customer(made), ...reveal });
    await expect(
      decideReveal(independent, { requestId: first.id, approve: true }),
    ).resolves.toEqual({ status: "approved" });
    // Eight days later the admin-made account may decide too.
    await db().user.update({
      where: { id: made.userId },
      data: { credentialsSetAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    const second = await requestReveal(independent, {
      customerId: await customer(independent),
      ...reveal,
    });
    await expect(decideReveal(made, { requestId: second.id, approve: true })).resolves.toEqual({
      status: "approved",
    });
  });
});
