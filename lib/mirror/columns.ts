// Column detection and rules for the Data Mirror. A column's type comes from its values (the
// engine's detectors), with the header name as a hint for what values cannot show; its proposed
// rule comes from the viewer's row of the policy table, and a user may only choose stricter.
import { fieldOfType, type CustomerFieldName } from "@/lib/fields/catalogue";
import { LEVELS, type Level } from "@/lib/masking/levels";
import {
  DETECTION_ORDER,
  SEMANTIC_TYPES,
  type SemanticType,
  type TypeName,
} from "@/lib/masking/types";
import { levelFor } from "@/lib/policy/field-policy";

/** Types that are one part of a field (the address's postcode, street line and city). */
const PART_OF: Partial<Record<TypeName, CustomerFieldName>> = {
  postcode: "address",
  street: "address",
  city: "address",
};

/** The policy field that governs each sensitive type (from the catalogue); others are kept. */
const FIELD_OF_TYPE: Partial<Record<TypeName, CustomerFieldName>> = {
  ...Object.fromEntries(
    Object.keys(SEMANTIC_TYPES).flatMap((t) => {
      const field = fieldOfType(t as TypeName);
      return field ? [[t, field]] : [];
    }),
  ),
  ...PART_OF,
};

/** Types in the order their header hints are tried (an "address name" column is an address). */
const HEADER_ORDER = Object.keys(SEMANTIC_TYPES) as TypeName[];

/** Share of non-empty values a detector must recognise for the column to take its type. */
const DETECT_SHARE = 0.8;

export type DetectedColumn = { index: number; header: string; type: TypeName };

export function isSensitive(type: TypeName): boolean {
  return type in FIELD_OF_TYPE;
}

function detectByValues(values: string[]): TypeName {
  const present = values.map((v) => v.trim()).filter(Boolean);
  if (!present.length) return "freeText";
  for (const type of DETECTION_ORDER) {
    if (type === "freeText") break;
    const detect = SEMANTIC_TYPES[type].detect;
    const hits = present.filter((v) => detect(v)).length;
    if (hits / present.length >= DETECT_SHARE) return type;
  }
  return "freeText";
}

/** A column's type: its values first; a sensitive header name wins over "free text" or a number. */
export function detectColumn(index: number, header: string, values: string[]): DetectedColumn {
  const byValues = detectByValues(values);
  if (isSensitive(byValues)) return { index, header, type: byValues };
  const hinted = HEADER_ORDER.find((t) => (SEMANTIC_TYPES[t] as SemanticType).header?.test(header));
  return { index, header, type: hinted ?? byValues };
}

/**
 * Whether the first row names the columns: none of its cells looks like the data below it
 * (a sensitive value or a number where the column holds them), and its cells are distinct.
 */
export function looksLikeHeader(first: string[], rest: string[][]): boolean {
  return (
    headerCellsDistinct(first) &&
    first.every((cell, i) =>
      looksLikeHeaderCell(
        cell,
        rest.map((r) => r[i] ?? ""),
      ),
    )
  );
}

/** A header names each column once. */
export function headerCellsDistinct(first: string[]): boolean {
  return new Set(first.map((c) => c.trim().toLowerCase())).size === first.length;
}

/** One column's part of `looksLikeHeader` (so a wide file can be judged a column at a time). */
export function looksLikeHeaderCell(cell: string, below: string[]): boolean {
  const t = detectByValues([cell]);
  if (isSensitive(t) || t === "number") return false;
  const typeBelow = detectByValues(below);
  return typeBelow === "freeText" || typeBelow !== t;
}

/** Levels in order of strictness: a rule may be replaced only by one further along. */
const STRICTNESS = new Map<Level, number>(LEVELS.map((l, i) => [l, i]));

/** Levels that mean something for a type in a file (no clear city/country beside an address). */
export function levelsFor(type: TypeName): Level[] {
  const masks = type === "address" ? {} : (SEMANTIC_TYPES[type].mask as Record<string, unknown>);
  return LEVELS.filter(
    (l) => l === "plain" || l === "token" || l === "redacted" || l === "hidden" || l in masks,
  );
}

/**
 * The rule the viewer's policy gives a type: its field's level (hidden for a subject the policy
 * does not know), made expressible for the type; identifiers inside free text are masked
 * (`partial` on free text means "scan and mask in place"); numbers and countries are kept.
 */
export function proposedLevel(subject: string, type: TypeName): Level {
  if (type === "freeText") return "partial";
  const field = FIELD_OF_TYPE[type];
  if (!field) return "plain";
  const level = levelFor(subject, field);
  const usable = levelsFor(type);
  if (usable.includes(level)) return level;
  // A field shown partially (an address as "city, country") shows none of its other parts.
  if (PART_OF[type]) return "redacted";
  return usable.find((l) => STRICTNESS.get(l)! > STRICTNESS.get(level)!) ?? "redacted";
}

/** The levels a user may pick for a column: the proposal and anything stricter. */
export function allowedLevels(subject: string, type: TypeName): Level[] {
  const floor = STRICTNESS.get(proposedLevel(subject, type))!;
  const usable = type === "freeText" ? ["partial", "token", "redacted", "hidden"] : levelsFor(type);
  return (usable as Level[]).filter((l) => STRICTNESS.get(l)! >= floor);
}

export type ColumnRule = DetectedColumn & { level: Level };

/**
 * The rules a run uses: the proposal, or the user's choice where it is allowed. A choice that is
 * less strict than the policy allows is refused (never silently replaced).
 */
export function resolveRules(
  subject: string,
  columns: DetectedColumn[],
  choices: Readonly<Record<number, Level>> = {},
): ColumnRule[] {
  return columns.map((c) => {
    const chosen = Object.hasOwn(choices, c.index) ? choices[c.index] : undefined;
    if (chosen === undefined) return { ...c, level: proposedLevel(subject, c.type) };
    if (!allowedLevels(subject, c.type).includes(chosen))
      throw new RuleNotAllowedError(c.index + 1, chosen);
    return { ...c, level: chosen };
  });
}

export class RuleNotAllowedError extends Error {
  constructor(
    readonly column: number,
    readonly level: Level,
  ) {
    super(`Column ${column}: "${level}" is less strict than your role allows for this data.`);
  }
}
