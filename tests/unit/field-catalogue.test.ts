import { describe, expect, it } from "vitest";
import {
  CATALOGUE,
  ciphertextOmit,
  customerLogKeys,
  FOUR_EYES_FIELDS,
  partsToDecrypt,
  REVEALABLE_FIELDS,
  type Catalogue,
} from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
import { levelFor } from "@/lib/policy/field-policy";
import { customerFields } from "@/lib/schemas/customers";
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
});
