import fc from "fast-check";
import { luhnValid } from "@/lib/masking/fields";

/** A random valid card number: a random body plus its Luhn check digit. */
export const panArb = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 })
  .map((body) => {
    for (let check = 0; check <= 9; check++) {
      const s = [...body, check].join("");
      if (luhnValid(s)) return s;
    }
    throw new Error("unreachable");
  });
