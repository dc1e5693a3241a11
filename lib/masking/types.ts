// Masking by semantic type: each type knows how to normalise, validate and *detect* a value (in
// unlabelled data, for the Data Mirror) and how to show it at each level. The portal, the partner
// API and the Data Mirror all mask through `maskRecord` with rules from their own source: the role
// policy, a partner profile, or a user's per-column choices. Pure and synchronous.
import {
  dobValid,
  ibanValid,
  luhnValid,
  maskAddress,
  maskDob,
  maskEmail,
  maskIban,
  maskName,
  maskNationalId,
  maskPan,
  maskPhone,
  nationalIdValid,
  normaliseEmail,
  normaliseIban,
  normaliseNationalId,
  normalisePan,
  normalisePhone,
  phoneValid,
  REDACTED,
} from "./fields";
import type { Level } from "./levels";

export type MaskContext = {
  /** A keyed pseudonym for the value (the caller owns the key: server, partner or upload). */
  token?: (value: string) => string;
  /** For addresses shown partially: the clear city and country. */
  city?: string;
  country?: string;
};

export type SemanticType = {
  normalise(value: string): string;
  validate(value: string): boolean;
  /** Recognises a value of this type without a label (conservative: false beats a wrong guess). */
  detect(value: string): boolean;
  /** A column header that names this type, for values that cannot show it (the Mirror's hint). */
  header?: RegExp;
  /** How each non-trivial level looks; a level missing here is shown as redacted. */
  mask: Partial<Record<Level, (value: string, ctx: MaskContext) => string>>;
};

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Postcodes that show by their shape: UK, US ZIP+4, Dutch, Polish, Portuguese, Irish (Eircode),
 * Swedish/Czech/Greek ("123 45"). Plain five digits (DE, FR, IT, ES, US) are numbers unless the
 * column's header says postcode.
 */
const POSTCODES = [
  /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i,
  /^\d{5}-\d{4}$/,
  /^\d{4} ?[A-Z]{2}$/i,
  /^\d{2}-\d{3}$/,
  /^\d{4}-\d{3}$/,
  /^[AC-FHKNPRTV-Y]\d{2} ?[AC-FHKNPRTV-Y\d]{4}$/i,
  /^\d{3} \d{2}$/,
];
/** A street line: a house number then words ("32 Kim Street"), or words then one ("Peterstr. 6"). */
const STREET_LINE = [
  /^\d{1,5}[a-z]?(?:[-/]\d{1,4}[a-z]?)?,?\s+\p{L}[\p{L}'’.-]*(?:\s+[\p{L}\d'’.-]+){0,6}$/iu,
  /^\p{L}[\p{L}'’.-]*(?:\s+[\p{L}'’.-]+){0,6}\s+\d{1,5}[a-z]?(?:[-/]\d{1,4}[a-z]?)?$/iu,
];
const NAME_WORD = /^\p{Lu}[\p{L}'’-]*$/u;

export const SEMANTIC_TYPES = {
  pan: {
    header: /\b(card|pan)\b|card.?(no|num)/i,
    normalise: normalisePan,
    validate: (v) => luhnValid(normalisePan(v)),
    detect: (v) => /^[\d -]{12,23}$/.test(v.trim()) && luhnValid(normalisePan(v.trim())),
    mask: { last4: (v) => maskPan(v, "last4"), partial: (v) => maskPan(v, "partial") },
  },
  iban: {
    header: /iban/i,
    normalise: normaliseIban,
    validate: ibanValid,
    detect: (v) => ibanValid(v.trim()),
    mask: { last4: maskIban, partial: maskIban },
  },
  email: {
    header: /e-?mail/i,
    normalise: normaliseEmail,
    validate: (v) => EMAIL.test(v.trim()),
    detect: (v) => EMAIL.test(v.trim()),
    mask: { partial: maskEmail },
  },
  phone: {
    header: /phone|mobile|\btel\b/i,
    normalise: normalisePhone,
    validate: phoneValid,
    detect: (v) => /^\+[\d ().-]{7,20}$/.test(v.trim()) && phoneValid(v.trim()),
    mask: { last4: (v) => maskPhone(v, 4), partial: (v) => maskPhone(v, 2) },
  },
  dateOfBirth: {
    header: /birth|\bdob\b/i,
    normalise: (v) => v.trim(),
    validate: (v) => dobValid(v.trim()),
    detect: (v) => dobValid(v.trim()),
    mask: {
      partial: (v) => maskDob(v, "partial"),
      generalised: (v) => maskDob(v, "generalised"),
    },
  },
  nationalId: {
    header: /national|\bssn\b|passport|\bnino\b|tax.?id/i,
    normalise: normaliseNationalId,
    validate: nationalIdValid,
    // Letters and digits mixed, 6–12 long (AB123456C): too vague alone, so it is tried late.
    detect: (v) => /^(?=.*\d)(?=.*[A-Z])[A-Z0-9]{6,12}$/.test(v.trim()),
    mask: {
      last4: (v) => maskNationalId(v, "last4"),
      partial: (v) => maskNationalId(v, "partial"),
    },
  },
  // The address's parts, found by their values: governed by the address field's level.
  postcode: {
    header: /post.?code|\bzip\b|postal|\bplz\b|\bcap\b|code.?postal/i,
    normalise: (v) => v.trim().toUpperCase(),
    validate: (v) => v.trim().length > 0,
    detect: (v) => POSTCODES.some((re) => re.test(v.trim())),
    mask: {},
  },
  street: {
    header: /street|address.?line|addr(ess)?.?1|line.?1/i,
    normalise: (v) => v.trim(),
    validate: (v) => v.trim().length > 0,
    detect: (v) => v.trim().length >= 5 && STREET_LINE.some((re) => re.test(v.trim())),
    mask: {},
  },
  /** Only by its header: a city's name looks like any other word. */
  city: {
    header: /\bcity\b|\btown\b|\bort\b|\bville\b|locality/i,
    normalise: (v) => v.trim(),
    validate: (v) => v.trim().length > 0,
    detect: () => false,
    // An address shown partially is its city (and country): the city stays; coarser, it goes.
    mask: { partial: (v) => v.trim() },
  },
  address: {
    header: /address|street/i,
    normalise: (v) => v.trim(),
    validate: (v) => v.trim().length > 0,
    detect: () => false,
    mask: {
      partial: (_v, ctx) => maskAddress(ctx.city ?? "", ctx.country ?? ""),
      generalised: (_v, ctx) => ctx.country ?? REDACTED,
    },
  },
  name: {
    header: /name/i,
    normalise: (v) => v.trim().replace(/\s+/g, " "),
    validate: (v) => v.trim().length > 0,
    detect: (v) => {
      const words = v.trim().split(/\s+/);
      return words.length >= 2 && words.length <= 4 && words.every((w) => NAME_WORD.test(w));
    },
    mask: { partial: maskName },
  },
  country: {
    normalise: (v) => v.trim().toUpperCase(),
    validate: (v) => /^[A-Z]{2}$/.test(v.trim()),
    detect: (v) => /^[A-Z]{2}$/.test(v.trim()),
    mask: { partial: (v) => v.trim().toUpperCase(), generalised: (v) => v.trim().toUpperCase() },
  },
  number: {
    normalise: (v) => v.trim(),
    validate: (v) => /^-?\d+(\.\d+)?$/.test(v.trim()),
    detect: (v) => /^-?\d+(\.\d+)?$/.test(v.trim()),
    mask: {},
  },
  freeText: {
    normalise: (v) => v,
    validate: () => true,
    detect: () => true,
    mask: {},
  },
} as const satisfies Record<string, SemanticType>;

export type TypeName = keyof typeof SEMANTIC_TYPES;

/** Detection order: the most specific first (an IBAN is not tried as a national ID). */
export const DETECTION_ORDER: readonly TypeName[] = [
  "email",
  "iban",
  "pan",
  "phone",
  "dateOfBirth",
  "country",
  "postcode",
  "nationalId",
  "street",
  "name",
  "number",
  "freeText",
];

/** The first type whose detector recognises the value. */
export function detectType(value: string): TypeName {
  return DETECTION_ORDER.find((t) => SEMANTIC_TYPES[t].detect(value)) ?? "freeText";
}

/** One value at one level. Hidden is null; anything a type cannot show at that level is redacted. */
export function maskValue(
  type: TypeName,
  level: Level,
  value: string,
  ctx: MaskContext = {},
): string | null {
  switch (level) {
    case "hidden":
      return null;
    case "redacted":
      return REDACTED;
    case "plain":
      return value;
    case "token":
      return ctx.token ? ctx.token(value) : REDACTED;
    default: {
      const mask = (SEMANTIC_TYPES[type].mask as SemanticType["mask"])[level];
      return mask ? mask(value, ctx) : REDACTED;
    }
  }
}

export type MaskRule = { type: TypeName; level: Level };

/**
 * Masks a record by rules keyed by field or column name. A key without a rule is left out (deny
 * by default); an absent value stays absent. `tokenize` makes keyed pseudonyms (its key — server,
 * partner or per-upload — is the caller's).
 */
export function maskRecord(
  rules: Readonly<Record<string, MaskRule>>,
  record: Readonly<Record<string, string | null | undefined>>,
  opts: { tokenize?: (key: string, value: string) => string; context?: MaskContext } = {},
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  // One context for the record; a pseudonym closure only for the keys shown as tokens (this runs
  // for every field of every row of every page).
  const context: MaskContext = { ...opts.context };
  const tokenize = opts.tokenize;
  for (const key in rules) {
    if (!Object.hasOwn(rules, key) || !Object.hasOwn(record, key)) continue;
    const rule = rules[key]!;
    const value = record[key];
    if (value === null || value === undefined || rule.level === "hidden") {
      out[key] = null;
      continue;
    }
    context.token = rule.level === "token" && tokenize ? (v) => tokenize(key, v) : undefined;
    out[key] = maskValue(rule.type, rule.level, value, context);
  }
  return out;
}
