import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { panArb } from "@/tests/support/arbitraries";
import {
  groupInFours,
  dobValid,
  ibanValid,
  luhnValid,
  maskDob,
  maskEmail,
  maskIban,
  maskName,
  maskNationalId,
  maskPan,
  maskPhone,
  phoneValid,
} from "./fields";
import { levelFor, mayReveal } from "@/lib/policy/field-policy";
import { maskValue } from "./types";

describe("PAN", () => {
  it("validates Luhn", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("41111111")).toBe(false);
  });
  it("shows at most the last 4 (last4) or first 6 + last 4 (partial), never more", () => {
    fc.assert(
      fc.property(panArb, (pan) => {
        const last4 = maskPan(pan, "last4");
        expect(last4).toBe(`•••• ${pan.slice(-4)}`);
        const partial = maskPan(pan, "partial").replace(/ /g, "");
        const visible = partial.replace(/•/g, "");
        expect(visible.length).toBeLessThanOrEqual(10);
        expect(partial.startsWith(pan.slice(0, 6)) || pan.length < 13).toBe(true);
        // Every middle digit is masked (compare by position: a substring test is fooled by repeats).
        if (pan.length >= 13) expect(partial.slice(6, -4)).toMatch(/^•+$/);
      }),
    );
  });
  it("masks the canonical test card as the brief says", () => {
    expect(maskPan("4111 1111 1111 1111", "last4")).toBe("•••• 1111");
  });
});

describe("IBAN", () => {
  it("validates ISO 13616 mod 97", () => {
    expect(ibanValid("GB82 WEST 1234 5698 7654 32")).toBe(true);
    expect(ibanValid("DE89370400440532013000")).toBe(true);
    expect(ibanValid("GB82WEST12345698765433")).toBe(false);
    expect(ibanValid("not an iban")).toBe(false);
  });
  it("keeps country, check digits and last 4 only", () => {
    const m = maskIban("GB82WEST12345698765432");
    expect(m.startsWith("GB82 ")).toBe(true);
    expect(m.endsWith(" 5432")).toBe(true);
    expect(m.replace(/[•\s]/g, "")).toBe("GB825432");
    expect(m).toBe("GB82 •••• •••• •••• •• 5432");
    // A short value (a mislabelled column in an uploaded file) is not shown at all.
    expect(maskIban("AB12CD")).toBe("••••");
  });
});

describe("revealed values in groups of four", () => {
  it("groups a card number and an IBAN, whatever spacing they came with, losing nothing", () => {
    expect(groupInFours("4111111111111111")).toBe("4111 1111 1111 1111");
    expect(groupInFours("GB82 WEST 1234 5698 7654 32")).toBe("GB82 WEST 1234 5698 7654 32");
    expect(groupInFours("GB82WEST12345698765432")).toBe("GB82 WEST 1234 5698 7654 32");
    fc.assert(
      fc.property(panArb, (pan) => {
        const grouped = groupInFours(pan);
        expect(grouped.replaceAll(" ", "")).toBe(pan.replace(/\s+/g, ""));
        expect(grouped.split(" ").every((g) => g.length >= 1 && g.length <= 4)).toBe(true);
      }),
    );
  });
});

describe("other fields", () => {
  it("email shows the first letter and the domain", () => {
    expect(maskEmail("John.Smith@Example.com")).toBe("j•••@example.com");
    fc.assert(
      fc.property(fc.emailAddress(), (e) => {
        const [local, domain] = e.toLowerCase().split("@");
        // Only the first character of the local part survives, then the domain.
        expect(maskEmail(e)).toBe(`${local![0]}•••@${domain}`);
      }),
    );
    // Anything else a mislabelled column holds: no local part or no domain shows dots only,
    // and a second "@" ends the domain.
    for (const odd of ["", "@", "@x.com", "ann@", "no-at-sign", "a@b@c.com", " A@B "])
      expect(maskEmail(odd), odd).toBe({ "a@b@c.com": "a•••@b", " A@B ": "a•••@b" }[odd] ?? "•••");
  });
  it("date of birth generalises to the year or a decade band", () => {
    expect(maskDob("1984-07-15", "partial")).toBe("1984");
    expect(maskDob("1984-07-15", "generalised")).toBe("1980–1989");
    expect(dobValid("1984-02-30")).toBe(false);
    expect(dobValid("2999-01-01")).toBe(false);
  });
  it("phone keeps the last 2–4 digits", () => {
    expect(maskPhone("+44 7700 900123", 2)).toBe("+••••••••••23");
    expect(phoneValid("+447700900123")).toBe(true);
    expect(phoneValid("07700 900123")).toBe(false);
  });
  it("national id and name", () => {
    expect(maskNationalId("AB123456C", "last4")).toBe("•••••456C");
    expect(maskName("jane   van der Berg")).toBe("J. V. D. B.");
  });
  it("never returns the raw value for any non-plain level (property)", () => {
    fc.assert(
      fc.property(
        panArb,
        fc.constantFrom("last4", "partial", "token", "generalised", "redacted", "hidden"),
        (pan, level) => {
          const out = maskValue("pan", level as never, pan, { token: () => "tok_x" });
          expect(out ?? "").not.toContain(pan);
        },
      ),
    );
  });
});

describe("policy", () => {
  it("denies unknown roles and fields by default", () => {
    expect(levelFor("role:INTERN", "pan")).toBe("hidden");
    expect(levelFor("role:AGENT", "cvv")).toBe("hidden");
    expect(levelFor("role:AGENT", "__proto__")).toBe("hidden");
    expect(levelFor("constructor", "pan")).toBe("hidden");
  });
  it("gives the analyst no direct identifiers", () => {
    for (const field of ["fullName", "email", "phone", "nationalId", "pan", "iban"]) {
      expect(levelFor("role:ANALYST", field)).toBe("token");
    }
  });
  it("lets only officers reveal", () => {
    expect(mayReveal("role:OFFICER", "pan")).toBe(true);
    expect(mayReveal("role:AGENT", "pan")).toBe(false);
    expect(mayReveal("role:ADMIN", "email")).toBe(false);
  });
});
