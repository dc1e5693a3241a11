// Identifiers hidden inside free text ("card 4111 1111 1111 1111 declined", "mail me at
// ann@example.com"): found by shape, confirmed by the type's own validator (Luhn, mod-97), and
// masked in place at the level the viewer's policy gives that type.
import type { Level } from "@/lib/masking/levels";
import { maskValue, SEMANTIC_TYPES, type TypeName } from "@/lib/masking/types";

type Finder = { type: TypeName; pattern: RegExp };

// Order matters: an IBAN's digits could look like a phone number's, so it is replaced first.
const FINDERS: Finder[] = [
  { type: "email", pattern: /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { type: "iban", pattern: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g },
  { type: "pan", pattern: /\b\d(?:[ -]?\d){11,18}\b/g },
  { type: "phone", pattern: /\+\d(?:[ ().-]?\d){6,16}/g },
];

/** Cheap test first: most free text has no digit and no @, and is returned untouched. */
const MAYBE = /[\d@]/;

export function scanText(
  text: string,
  levelOf: (type: TypeName) => Level,
  token: (type: TypeName, value: string) => string,
): string {
  if (!MAYBE.test(text)) return text;
  let out = text;
  for (const { type, pattern } of FINDERS) {
    out = out.replace(pattern, (match) => {
      if (!SEMANTIC_TYPES[type].validate(match)) return match;
      const level = levelOf(type);
      return maskValue(type, level === "hidden" ? "redacted" : level, match, {
        token: (v) => token(type, v),
      })!;
    });
  }
  return out;
}
