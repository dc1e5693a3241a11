import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { panArb } from "@/tests/support/arbitraries";
import { LEVELS, type Level } from "./levels";
import { detectType, maskRecord, maskValue, SEMANTIC_TYPES, type TypeName } from "./types";

/** A valid value of each type (enough variety for the properties). */
const VALUES: Record<TypeName, fc.Arbitrary<string>> = {
  pan: panArb,
  iban: fc.constantFrom(
    "GB82WEST12345698765432",
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
  ),
  email: fc.emailAddress().filter((e) => e.length > 6),
  phone: fc.integer({ min: 1_000_000, max: 999_999_999 }).map((n) => `+44${n}${n % 10}`),
  dateOfBirth: fc
    .date({ min: new Date("1930-01-01"), max: new Date("2005-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  nationalId: fc.stringMatching(/^[A-Z]{2}\d{6}[A-Z]$/),
  name: fc.constantFrom("Jane Tester", "Zebulon Quackenbush", "Ana María López"),
  address: fc.constantFrom("1 Test Street", "77 Canary Wharf Lane"),
  postcode: fc.constantFrom("LS1 4AB", "SW1A 1AA", "1012 AB", "00-950", "D02 X285", "90210-1234"),
  city: fc.constantFrom("Leeds", "Saint-Nazaire", "Köln"),
  street: fc.constantFrom("32 Kim Street", "Peterstr. 6", "6 Rue de Tilsitt", "Am Thelenhof 16b"),
  country: fc.constantFrom("GB", "DE", "FR"),
  number: fc.integer({ min: 100_000, max: 9_999_999 }).map(String),
  freeText: fc.constantFrom("called about a refund", "VIP customer"),
};
const TYPES = Object.keys(SEMANTIC_TYPES) as TypeName[];

describe("masking by semantic type", () => {
  it("never returns the raw value at any level but plain, for every type (property)", () => {
    for (const type of TYPES) {
      fc.assert(
        fc.property(VALUES[type], fc.constantFrom(...LEVELS), (value, level: Level) => {
          const out = maskValue(type, level, value, {
            token: () => "tok_test",
            city: "Leeds",
            country: "GB",
          });
          if (level === "plain") expect(out).toBe(value);
          else if (level === "hidden") expect(out).toBeNull();
          // Two-letter country codes are their own generalisation, and a city is what an
          // address shown partially keeps; nothing else survives whole.
          else if (type !== "country" && !(type === "city" && level === "partial"))
            expect(out ?? "").not.toContain(value);
        }),
        { numRuns: 50 },
      );
    }
  });

  it("never shows more than the level allows", () => {
    fc.assert(
      fc.property(panArb, (pan) => {
        const visible = (s: string | null) => (s ?? "").replace(/[^0-9]/g, "").length;
        expect(visible(maskValue("pan", "last4", pan))).toBe(4);
        expect(visible(maskValue("pan", "partial", pan))).toBeLessThanOrEqual(10);
      }),
    );
    expect(maskValue("email", "partial", "John.Smith@Example.com")).toBe("j•••@example.com");
    expect(maskValue("dateOfBirth", "generalised", "1984-07-15")).toBe("1980–1989");
    expect(maskValue("address", "partial", "1 Test St", { city: "Leeds", country: "GB" })).toBe(
      "Leeds, GB",
    );
    // A level a type has no mask for is redacted, never shown.
    expect(maskValue("email", "generalised", "a@b.co")).toBe("[redacted]");
    expect(maskValue("freeText", "partial", "secret note")).toBe("[redacted]");
    // Token without a tokenizer is redacted, not the value.
    expect(maskValue("pan", "token", "4111111111111111")).toBe("[redacted]");
  });

  it("detects values by content, not by column name", () => {
    expect(detectType("4111 1111 1111 1111")).toBe("pan");
    expect(detectType("4111111111111112")).not.toBe("pan"); // fails Luhn
    expect(detectType("GB82 WEST 1234 5698 7654 32")).toBe("iban");
    expect(detectType("jane@example.com")).toBe("email");
    expect(detectType("+447700900123")).toBe("phone");
    expect(detectType("1984-07-15")).toBe("dateOfBirth");
    expect(detectType("AB123456C")).toBe("nationalId");
    expect(detectType("Jane Tester")).toBe("name");
    expect(detectType("GB")).toBe("country");
    expect(detectType("12345")).toBe("number");
    expect(detectType("called about a refund")).toBe("freeText");
    for (const type of ["pan", "iban", "email", "dateOfBirth"] as const)
      fc.assert(
        fc.property(VALUES[type], (v) => {
          expect(detectType(v)).toBe(type);
        }),
        { numRuns: 30 },
      );
  });

  it("maskRecord applies rules per key, leaves out keys without a rule, and tokenizes with the caller's key", () => {
    const out = maskRecord(
      {
        card: { type: "pan", level: "last4" },
        who: { type: "email", level: "token" },
        note: { type: "freeText", level: "redacted" },
      },
      { card: "4111111111111111", who: "jane@example.com", note: "x", secret: "do not copy" },
      { tokenize: (key, value) => `tok_${key}_${value.length}` },
    );
    expect(out).toEqual({ card: "•••• 1111", who: "tok_who_16", note: "[redacted]" });
    expect(out).not.toHaveProperty("secret");
  });
});

describe("address parts found by their values", () => {
  it("knows postcodes and street lines, and leaves look-alikes alone", () => {
    for (const v of [
      "LS1 4AB",
      "M1 1AA",
      "EC1A 1BB",
      "1012 AB",
      "00-950",
      "1000-001",
      "D02 X285",
      "114 55",
      "90210-1234",
    ])
      expect(detectType(v), v).toBe("postcode");
    for (const v of [
      "32 Kim Street",
      "1 Allée du Bac",
      "Peterstr. 6",
      "In Holzhausen 60a",
      "Via Roma 12",
      "221B Baker Street",
    ])
      expect(detectType(v), v).toBe("street");
    for (const [v, t] of [
      ["12345", "number"],
      ["AB123456C", "nationalId"],
      ["Jane Tester", "name"],
      ["GB", "country"],
      ["called about a refund", "freeText"],
    ] as const)
      expect(detectType(v), v).toBe(t);
  });
});
