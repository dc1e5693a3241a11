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

/**
 * All finders as one alternation: one pass over the text, the leftmost identifier first. Each
 * finder is one group (its own groups must be non-capturing), so a match's group names its type.
 */
const ANY = new RegExp(FINDERS.map((f) => `(${f.pattern.source})`).join("|"), "g");

/**
 * A scanner for one run: the replacement for each identifier type is built once, not per cell.
 * Identifiers are masked at `levelOf(type)` (hidden ones are redacted in place).
 */
export function textScanner(
  levelOf: (type: TypeName) => Level,
  token: (type: TypeName, value: string) => string,
): (text: string) => string {
  const maskers = FINDERS.map(({ type }) => {
    const level = levelOf(type);
    const ctx = { token: (v: string) => token(type, v) };
    const validate = SEMANTIC_TYPES[type].validate;
    return (match: string) =>
      validate(match)
        ? maskValue(type, level === "hidden" ? "redacted" : level, match, ctx)!
        : match;
  });
  const replace = (match: string, ...groups: unknown[]) => {
    const which = groups.findIndex((g, i) => i < maskers.length && g !== undefined);
    return which >= 0 ? maskers[which]!(match) : match;
  };
  return (text) => (MAYBE.test(text) ? text.replace(ANY, replace) : text);
}
