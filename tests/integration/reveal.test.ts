import { describe, expect, it } from "vitest";
import { createCustomer } from "@/lib/server/customers";
import { limit } from "@/lib/policy/limits";
import { revealField } from "@/lib/server/customers/reveal";
import {
  decideReveal,
  listRevealRequests,
  openRevealRequestFor,
  requestReveal,
} from "@/lib/server/customers/reveal-requests";
import { db } from "@/lib/server/db";
import { customerLike } from "../support/customers";
import { makeUser } from "../support/principals";

const DAILY_REVEAL_BUDGET = limit("revealsPerDay").count;

const purpose = {
  purpose: "fraud_investigation",
  caseRef: "CASE-4411",
} as const;

describe("reveals (tested in the data layer, without the UI)", () => {
  it("gives a stepped-up officer one value, audited with the purpose", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike({ email: "reveal.me@example.com" }));
    const r = await revealField(officer, { customerId: id, field: "email", ...purpose });
    expect(r).toEqual({ field: "email", value: "reveal.me@example.com", visibleForSeconds: 30 });
    const row = await db().auditEvent.findFirstOrThrow({
      where: { action: "customer.reveal", targetId: id, outcome: "success" },
    });
    expect(row.purpose).toBe("fraud_investigation: CASE-4411");
    expect(row.fields).toEqual([{ field: "email", level: "plain" }]);
    expect(JSON.stringify({ ...row, seq: String(row.seq) })).not.toContain("reveal.me@example.com");
  });

  it("refuses agents, analysts, admins and officers without a fresh step-up", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike());
    for (const role of ["AGENT", "ANALYST", "ADMIN"] as const) {
      const { principal } = await makeUser(role);
      await expect(
        revealField(principal, { customerId: id, field: "email", ...purpose }),
      ).rejects.toMatchObject({
        code: "FORBIDDEN",
        message: expect.stringMatching(/lacks customers\.reveal/),
      });
    }
    const { principal: cold } = await makeUser("OFFICER", { steppedUp: false });
    await expect(
      revealField(cold, { customerId: id, field: "email", ...purpose }),
    ).rejects.toMatchObject({ code: "STEP_UP_REQUIRED" });
    await expect(
      revealField(officer, {
        customerId: id,
        field: "email",
        purpose: "curiosity",
        caseRef: "LOOK-1",
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      revealField(officer, {
        customerId: id,
        field: "email",
        purpose: "kyc_review",
        caseRef: "a note about Jane",
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("enforces the daily budget: the next reveal is refused, audited as denied, and raises an alert", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike());
    for (let i = 0; i < DAILY_REVEAL_BUDGET; i++)
      await revealField(officer, { customerId: id, field: "phone", ...purpose });
    await expect(
      revealField(officer, { customerId: id, field: "phone", ...purpose }),
    ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    expect(
      await db().auditEvent.count({
        where: { action: "customer.reveal", actorId: officer.userId, outcome: "denied" },
      }),
    ).toBe(1);
    expect(
      await db().alert.count({
        where: { kind: "reveal_budget_exceeded", subjectId: officer.userId },
      }),
    ).toBe(1);
  });

  it("holds the budget under concurrent reveals", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, customerLike());
    const results = await Promise.allSettled(
      Array.from({ length: DAILY_REVEAL_BUDGET + 5 }, () =>
        revealField(officer, { customerId: id, field: "iban", ...purpose }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(DAILY_REVEAL_BUDGET);
  });

  it("needs a second officer's approval for a full card number, once", async () => {
    const { principal: alice } = await makeUser("OFFICER");
    const { principal: bob } = await makeUser("OFFICER");
    const { id } = await createCustomer(alice, customerLike({ pan: "4012888888881881" }));
    await expect(
      revealField(alice, { customerId: id, field: "pan", ...purpose }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "four-eyes approval missing" });
    const { id: requestId } = await requestReveal(alice, {
      customerId: id,
      field: "pan",
      ...purpose,
    });
    await expect(decideReveal(alice, { requestId, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "self-approval",
    });
    const { principal: agent } = await makeUser("AGENT");
    await expect(decideReveal(agent, { requestId, approve: true })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/lacks reveal\.decide/),
    });
    await decideReveal(bob, { requestId, approve: true });
    expect((await revealField(alice, { customerId: id, field: "pan", ...purpose })).value).toBe(
      "4012888888881881",
    );
    // Used once: the same approval does not work twice.
    await expect(
      revealField(alice, { customerId: id, field: "pan", ...purpose }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "four-eyes approval missing" });
    // Bob's approval was for Alice, not for Bob.
    await expect(
      revealField(bob, { customerId: id, field: "pan", ...purpose }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "four-eyes approval missing" });
  });

  it("answers NOT_FOUND for a customer that does not exist, and audits the refusal", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const missing = "00000000-0000-4000-8000-00000000abcd";
    await expect(
      revealField(officer, { customerId: missing, field: "email", ...purpose }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await db().auditEvent.count({
        where: { action: "customer.reveal", targetId: missing, outcome: "denied" },
      }),
    ).toBe(1);
  });

  it("tracks a request from waiting to approved to used, refuses duplicates, and lists it with the customer's masked name", async () => {
    const { principal: alice, user: aliceUser } = await makeUser("OFFICER");
    const { principal: bob } = await makeUser("OFFICER");
    const { id } = await createCustomer(
      alice,
      customerLike({ fullName: "Wilhelmina Approvalcase", pan: "4012888888881881" }),
    );
    const ask = { customerId: id, field: "pan", ...purpose };
    expect(await openRevealRequestFor(alice, id, "pan")).toBeNull();
    const { id: requestId } = await requestReveal(alice, ask);
    expect(await openRevealRequestFor(alice, id, "pan")).toBe("pending");
    await expect(requestReveal(alice, ask)).rejects.toMatchObject({ code: "CONFLICT" });

    const forBob = await listRevealRequests(bob);
    const waiting = forBob.toDecide.find((r) => r.id === requestId);
    expect(waiting).toMatchObject({
      customerName: "Wilhelmina Approvalcase",
      field: "pan",
      status: "waiting",
      purpose: "Fraud investigation",
      requestedByName: aliceUser.name,
    });
    // Alice cannot decide her own: it is under "mine", not "to decide".
    const forAlice = await listRevealRequests(alice);
    expect(forAlice.toDecide.map((r) => r.id)).not.toContain(requestId);
    expect(forAlice.mine.find((r) => r.id === requestId)?.status).toBe("waiting");
    // Showing names is a read of customer data: audited like a list, with the ids.
    const listed = await db().auditEvent.findFirstOrThrow({
      where: { action: "customer.list", actorId: bob.userId },
      orderBy: { at: "desc" },
    });
    expect(listed.targetIds).toContain(id);

    await decideReveal(bob, { requestId, approve: true });
    expect(await openRevealRequestFor(alice, id, "pan")).toBe("approved");
    expect(
      (await listRevealRequests(bob)).decidedByMe.find((r) => r.id === requestId),
    ).toMatchObject({ status: "approved", decidedByName: expect.any(String) });
    await revealField(alice, ask);
    expect(await openRevealRequestFor(alice, id, "pan")).toBeNull(); // may ask again
    expect((await listRevealRequests(alice)).mine.find((r) => r.id === requestId)?.status).toBe(
      "used",
    );
  });

  it("lists a declined request as declined, and the officer may ask again", async () => {
    const { principal: alice } = await makeUser("OFFICER");
    const { principal: bob } = await makeUser("OFFICER");
    const { id } = await createCustomer(alice, customerLike());
    const ask = { customerId: id, field: "pan", ...purpose };
    const { id: requestId } = await requestReveal(alice, ask);
    await decideReveal(bob, { requestId, approve: false });
    expect((await listRevealRequests(alice)).mine.find((r) => r.id === requestId)?.status).toBe(
      "declined",
    );
    expect(await openRevealRequestFor(alice, id, "pan")).toBeNull();
    await expect(requestReveal(alice, ask)).resolves.toMatchObject({ id: expect.any(String) });
  });
});
