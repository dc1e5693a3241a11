// The masked mapper masks only what a view shows: a list that decrypted the name and email must
// not carry a phone or birth date "masked" from a value it never read.
import { describe, expect, it } from "vitest";
import { toMaskedCustomer } from "@/lib/server/customers/masked-view";

const row = {
  id: "6f1c2a52-1111-4c1e-9a7e-0a0b0c0d0e0f",
  city: "Leeds",
  country: "GB",
  panLast4: "1111",
  createdAt: new Date("2026-01-02T03:04:05Z"),
  updatedAt: new Date("2026-01-02T03:04:05Z"),
};
const raw = { fullName: "Ada Lovelace", email: "ada@example.com" };

describe("toMaskedCustomer", () => {
  it("masks the view's fields from what was read, and leaves every other field null at its level", () => {
    const m = toMaskedCustomer("role:AGENT", row, raw, ["fullName", "email", "pan", "address"]);
    expect(m.fields.fullName.value).toBe("Ada Lovelace");
    expect(m.fields.email.value).not.toContain("ada@example.com");
    expect(m.fields.email.value).toMatch(/@example\.com$/);
    expect(m.fields.pan.value).toContain("1111");
    expect(m.fields.address.value).toContain("Leeds");
    for (const f of ["phone", "dateOfBirth", "nationalId", "iban"] as const) {
      expect(m.fields[f].value).toBeNull();
      expect(m.fields[f].level).toBe(toMaskedCustomer("role:AGENT", row, {}).fields[f].level);
    }
  });

  it("without a view, masks every field the subject's level shows", () => {
    const m = toMaskedCustomer("role:AGENT", row, { ...raw, phone: "+44 20 7946 0018" });
    expect(m.fields.phone.value).toMatch(/18$/);
    expect(m.fields.phone.value).not.toContain("7946");
  });
});
