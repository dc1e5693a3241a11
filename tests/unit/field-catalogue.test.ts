import { describe, expect, it } from "vitest";
import {
  CATALOGUE,
  ciphertextOmit,
  customerLogKeys,
  FIELD_NAMES,
  fieldLabel,
  FOUR_EYES_FIELDS,
  INDEXED_FIELDS,
  partsToDecrypt,
  REVEALABLE_FIELDS,
  type Catalogue,
} from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
import {
  EXACT_SEARCH_MODES,
  levelFor,
  mayReveal,
  REVEAL_RIGHTS,
  SEARCH_MODES,
} from "@/lib/policy/field-policy";
import { customerFields, customerSearchSchema } from "@/lib/schemas/customers";
import { AUDIT_ACTIONS, searchModeOf } from "@/lib/server/audit/catalogue";
import { SEARCH_MODE_TEXT } from "@/app/(portal)/customers/_components/search-modes";
import { redactionPaths } from "@/lib/server/log";

/** The catalogue with one more field, as a future change would add it. */
const withTaxId: Catalogue = {
  fields: {
    ...CATALOGUE.fields,
    taxId: { label: "Tax ID", type: "nationalId", parts: ["taxId"], revealable: true },
  },
  parts: { ...CATALOGUE.parts, taxId: { encrypted: "taxIdEnc" } },
};

describe("the field catalogue is the one list of customer fields", () => {
  it("a new field is omitted from Prisma reads, decrypted when shown and redacted from logs", () => {
    expect(ciphertextOmit(CATALOGUE)).not.toHaveProperty("taxIdEnc");
    expect(ciphertextOmit(withTaxId)).toMatchObject({ taxIdEnc: true, dataKeyWrapped: true });
    expect(partsToDecrypt(["taxId"], () => "partial", withTaxId)).toEqual(["taxId"]);
    expect(partsToDecrypt(["taxId"], () => "hidden", withTaxId)).toEqual([]);
    expect(redactionPaths(CATALOGUE)).not.toContain("taxId");
    expect(redactionPaths(withTaxId)).toEqual(expect.arrayContaining(["taxId", "*.taxId"]));
  });

  it("omits every ciphertext column and decrypts nothing served from clear columns", () => {
    expect(Object.keys(ciphertextOmit()).sort()).toEqual(
      [
        "addressLineEnc",
        "dataKeyWrapped",
        "dateOfBirthEnc",
        "emailEnc",
        "fullNameEnc",
        "ibanEnc",
        "nationalIdEnc",
        "panEnc",
        "phoneEnc",
        "postcodeEnc",
      ].sort(),
    );
    const at = (level: Level) => () => level;
    expect(partsToDecrypt(["pan"], at("last4"))).toEqual([]); // the panLast4 column
    expect(partsToDecrypt(["pan"], at("token"))).toEqual(["pan"]);
    expect(partsToDecrypt(["address"], at("partial"))).toEqual([]); // city and country
    expect(partsToDecrypt(["address"], at("plain"))).toEqual(["addressLine", "postcode"]);
    expect(partsToDecrypt(["email", "phone"], at("redacted"))).toEqual([]);
  });

  it("decrypts for each role exactly what its levels need", () => {
    const all = Object.keys(CATALOGUE.fields);
    expect(partsToDecrypt(all, (f) => levelFor("role:AGENT", f)).sort()).toEqual(
      ["dateOfBirth", "email", "fullName", "iban", "nationalId", "phone"].sort(),
    );
    expect(partsToDecrypt(all, (f) => levelFor("role:ANALYST", f)).sort()).toEqual(
      ["dateOfBirth", "email", "fullName", "iban", "nationalId", "pan", "phone"].sort(),
    );
    expect(partsToDecrypt(all, (f) => levelFor("role:UNKNOWN", f))).toEqual([]);
  });

  it("derives the import keys, log keys, reveal and four-eyes lists from the same table", () => {
    expect(Object.keys(customerFields).sort()).toEqual(Object.keys(CATALOGUE.parts).sort());
    expect(customerLogKeys()).toEqual(
      expect.arrayContaining(["fullName", "addressLine", "postcode"]),
    );
    expect(REVEALABLE_FIELDS).not.toContain("fullName");
    expect(FOUR_EYES_FIELDS).toEqual(["pan"]);
  });

  it("makes every indexed field an exact search: mode, audit action, input check, form text", () => {
    const sample: Record<string, string> = {
      email: "a.b@example.com",
      pan: "4111 1111 1111 1111",
      iban: "DE89 3704 0044 0532 0130 00",
      nationalId: "AB123456C",
    };
    expect([...INDEXED_FIELDS].sort()).toEqual(Object.keys(sample).sort());
    for (const field of INDEXED_FIELDS) {
      expect(SEARCH_MODES).toContain(field);
      expect(EXACT_SEARCH_MODES).toContain(field);
      expect(searchModeOf(`customer.search.${field}`)).toBe(field);
      expect(AUDIT_ACTIONS).toContain(`customer.search.${field}`);
      expect(customerSearchSchema.safeParse({ by: field, value: sample[field] }).success).toBe(
        true,
      );
      expect(customerSearchSchema.safeParse({ by: field, value: "x" }).success).toBe(false);
      expect(SEARCH_MODE_TEXT[field].label).toBe(`Exact ${fieldLabel(field, true)}`);
    }
    // A field without an index is no search mode, and the schema refuses it.
    expect(SEARCH_MODES).not.toContain("phone");
    expect(customerSearchSchema.safeParse({ by: "phone", value: "+447700900123" }).success).toBe(
      false,
    );
  });

  it("gives officers the reveal of exactly the fields the catalogue marks revealable", () => {
    expect(REVEAL_RIGHTS["role:OFFICER"]).toEqual(REVEALABLE_FIELDS);
    expect(FIELD_NAMES.filter((f) => mayReveal("role:OFFICER", f))).toEqual(REVEALABLE_FIELDS);
    expect(FIELD_NAMES.filter((f) => mayReveal("role:AGENT", f))).toEqual([]);
  });
});
