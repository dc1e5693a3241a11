// Second review, item 1: the GDPR subject export is no back door around reveal. An officer with
// step-up and any case reference exported every field of a customer (full card number and IBAN)
// about 30 times an hour, with no second officer, no reveal budget and no alert, while a plain
// reveal of the same card was refused.
// The rule (on /privacy and in docs/security.md): fields that need four eyes to reveal leave an
// export in full only under an approval a second officer gave for that customer, field and case
// reference (used once); otherwise they are masked at the officer's level and the export says
// so. Every export is one reveal toward the officer's daily budget and the reveal-velocity alert;
// the export is limited per user and per customer.
import { describe, expect, it } from "vitest";
import { isFourEyes } from "@/lib/fields/catalogue";
import { limit } from "@/lib/policy/limits";
import { createCustomer } from "@/lib/server/customers";
import { decideReveal, requestReveal } from "@/lib/server/customers/reveal-requests";
import { db } from "@/lib/server/db";
import { exportSubjectData } from "@/lib/server/gdpr/subject-export";
import { CANARY } from "../support/customers";
import { makeUser } from "../support/principals";

async function newCustomer(by: Parameters<typeof createCustomer>[0]) {
  return (
    await createCustomer(by, {
      ...CANARY,
      email: `x.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@x.example`,
    })
  ).id;
}

const DAILY_REVEAL_BUDGET = limit("revealsPerDay").count;
const EXPORTS_PER_CUSTOMER_PER_DAY = limit("subjectExportsPerCustomer").count;

const alerts = (userId: string, kind: string) =>
  db().alert.count({ where: { kind, subjectId: userId } });

describe("item 1: the subject export follows the reveal rules", () => {
  it("withholds the full card number without a second officer's approval, and says so", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const customerId = await newCustomer(officer);
    const out = await exportSubjectData(officer, { customerId, caseRef: "DSAR-1" });
    const text = JSON.stringify(out);
    expect(isFourEyes("pan")).toBe(true);
    expect(text).not.toContain(CANARY.pan);
    expect(out.customer.data.pan?.value).toMatch(/1236$/);
    expect(out.withheld).toEqual([
      expect.objectContaining({ field: "pan", reason: expect.stringMatching(/approval/) }),
    ]);
    // Fields without four eyes are there in full, as the subject is owed.
    expect(text).toContain(CANARY.iban);
    expect(text).toContain(CANARY.nationalId);
  });

  it("releases the card in full under an approval for this customer and case, once", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { principal: second } = await makeUser("OFFICER");
    const customerId = await newCustomer(officer);
    const { id: requestId } = await requestReveal(officer, {
      customerId,
      field: "pan",
      purpose: "customer_request",
      caseRef: "DSAR-2",
    });
    await decideReveal(second, { requestId, approve: true });
    const first = await exportSubjectData(officer, { customerId, caseRef: "DSAR-2" });
    expect(first.customer.data.pan?.value).toBe(CANARY.pan);
    expect(first.withheld).toEqual([]);
    const again = await exportSubjectData(officer, { customerId, caseRef: "DSAR-2" });
    expect(JSON.stringify(again)).not.toContain(CANARY.pan);
  });

  it("every export spends the reveal budget: past it, refused and alerted", async () => {
    const { principal: officer, user } = await makeUser("OFFICER");
    const ids: string[] = [];
    for (let i = 0; i <= DAILY_REVEAL_BUDGET; i++) ids.push(await newCustomer(officer));
    const results: string[] = [];
    for (const customerId of ids)
      results.push(
        await exportSubjectData(officer, { customerId, caseRef: "DSAR-3" }).then(
          () => "ok",
          (e: { code: string }) => e.code,
        ),
      );
    expect(results.slice(0, DAILY_REVEAL_BUDGET).every((r) => r === "ok")).toBe(true);
    expect(results[DAILY_REVEAL_BUDGET]).toBe("RATE_LIMITED");
    expect(await alerts(user.id, "reveal_budget_exceeded")).toBe(1);
    // Many exports in a few minutes are a reveal burst like any other.
    expect(await alerts(user.id, "reveal_velocity")).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it("one customer's data is exported a few times a day at most, whoever asks", async () => {
    const { principal: first } = await makeUser("OFFICER");
    const customerId = await newCustomer(first);
    const codes: string[] = [];
    for (let i = 0; i <= EXPORTS_PER_CUSTOMER_PER_DAY; i++) {
      const { principal: officer } = await makeUser("OFFICER");
      codes.push(
        await exportSubjectData(officer, { customerId, caseRef: "DSAR-4" }).then(
          () => "ok",
          (e: { code: string }) => e.code,
        ),
      );
    }
    expect(codes.slice(0, EXPORTS_PER_CUSTOMER_PER_DAY).every((c) => c === "ok")).toBe(true);
    expect(codes.at(-1)).toBe("RATE_LIMITED");
  });
});
