// GDPR subject access export: everything held on one customer, only for a stepped-up officer,
// through the audited door for raw values; every refusal recorded, nothing read on bad input.
import { describe, expect, it } from "vitest";
import { createCustomer } from "@/lib/server/customers";
import { getCustomer } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { exportSubjectData } from "@/lib/server/gdpr/subject-export";
import { CANARY, CANARY_SECRETS } from "../support/customers";
import { makeUser } from "../support/principals";

describe("subject access export", () => {
  it("gives a stepped-up officer every field (four-eyes ones masked, listed) and the access history, recorded with the case", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, { ...CANARY });
    const { principal: agent } = await makeUser("AGENT");
    await getCustomer(agent, id); // an access the export must list
    const out = await exportSubjectData(officer, { customerId: id, caseRef: "dsar-1042" });
    expect(out.format).toBe("veil-subject-access/1");
    expect(out.customer.data.email?.value).toBe(CANARY.email);
    // The card number needs a second officer's approval in full (review 2 #1): masked, and said.
    expect(out.customer.data.pan?.value).toBe(`•••• ${CANARY.pan!.slice(-4)}`);
    expect(out.withheld.map((w) => w.field)).toEqual(["pan"]);
    expect(out.customer.data.iban?.value).toBe(CANARY.iban);
    expect(out.customer.data.address?.value).toContain(CANARY.addressLine!);
    expect(out.accessHistory.map((h) => [h.who, h.action])).toEqual(
      expect.arrayContaining([
        ["Test AGENT", "customer.read"],
        ["Test OFFICER", "gdpr.export"],
      ]),
    );
    const row = await db().auditEvent.findFirstOrThrow({
      where: { action: "gdpr.export", targetId: id, outcome: "success" },
    });
    expect(row.purpose).toBe("subject_access: DSAR-1042");
    const recorded = JSON.stringify({ ...row, seq: String(row.seq) });
    for (const secret of CANARY_SECRETS) expect(recorded).not.toContain(secret);
  });

  it("refuses other roles, an officer without a fresh step-up, free-text cases and unknown ids — each recorded", async () => {
    const { principal: officer } = await makeUser("OFFICER");
    const { id } = await createCustomer(officer, { ...CANARY });
    for (const role of ["AGENT", "ANALYST", "ADMIN"] as const) {
      const { principal } = await makeUser(role);
      await expect(
        exportSubjectData(principal, { customerId: id, caseRef: "C-1" }),
      ).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
    const { principal: cold } = await makeUser("OFFICER", { steppedUp: false });
    await expect(exportSubjectData(cold, { customerId: id, caseRef: "C-1" })).rejects.toMatchObject(
      {
        code: "STEP_UP_REQUIRED",
      },
    );
    await expect(
      exportSubjectData(officer, { customerId: id, caseRef: "Ann Smith called" }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      exportSubjectData(officer, {
        customerId: "00000000-0000-4000-8000-000000000000",
        caseRef: "C-1",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(
      await db().auditEvent.count({
        where: { action: "gdpr.export", outcome: "success", targetId: id },
      }),
    ).toBe(0);
    expect(
      await db().auditEvent.count({
        where: { action: "gdpr.export", outcome: "denied", targetId: id },
      }),
    ).toBe(5);
  });
});
