import "server-only";
import { maskRecord, type MaskRule } from "@/lib/masking/types";
import {
  CUSTOMER_FIELDS,
  FIELD_NAMES,
  partsToDecrypt,
  type CustomerFieldName,
  type StoredPartName,
} from "@/lib/fields/catalogue";
import { levelFor, mayReveal } from "@/lib/policy/field-policy";
import type { MaskedCustomer, MaskedText, MaskedValue } from "@/lib/schemas/customers";
import { pseudonym } from "@/lib/server/crypto/blind-index";
import type { StoredField } from "./ciphertexts";

export type CustomerPlainColumns = {
  id: string;
  city: string;
  country: string;
  panLast4: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored parts a viewer's levels require decrypting (none for masks kept in clear columns). */
export function fieldsToOpen(
  subject: string,
  fields: readonly CustomerFieldName[] = FIELD_NAMES,
): StoredField[] {
  return partsToDecrypt(fields, (f) => levelFor(subject, f)) as StoredField[];
}

/**
 * A field in full: its stored parts in catalogue order (decrypted ones from `raw`, clear ones from
 * the row), joined. The one meaning of "full address" for the detail view and for reveals alike.
 */
export function plainValue(
  field: CustomerFieldName,
  row: Partial<Record<StoredPartName, string>>,
  raw: Partial<Record<StoredField, string>>,
): string {
  return CUSTOMER_FIELDS[field].parts
    .map((p) => (raw as Record<string, string | undefined>)[p] ?? row[p])
    .filter(Boolean)
    .join(", ");
}

const rulesCache = new Map<string, Record<CustomerFieldName, MaskRule>>();

/**
 * The masking rules of a policy subject, one per customer field, typed by the catalogue. The
 * policy is static, so each subject's rules are built once per process.
 */
export function rulesFor(subject: string): Record<CustomerFieldName, MaskRule> {
  let rules = rulesCache.get(subject);
  if (!rules) {
    rules = Object.freeze(
      Object.fromEntries(
        FIELD_NAMES.map((f) => [f, { type: CUSTOMER_FIELDS[f].type, level: levelFor(subject, f) }]),
      ),
    ) as Record<CustomerFieldName, MaskRule>;
    if (rulesCache.size < 1000) rulesCache.set(subject, rules);
  }
  return rules;
}

/**
 * What each field's mask starts from: the field in full where it was decrypted, else the clear
 * column its level is served from (the card's last four; the address masks use city and country).
 */
function sourceValues(
  fields: readonly CustomerFieldName[],
  row: CustomerPlainColumns,
  raw: Partial<Record<StoredField, string>>,
): Partial<Record<CustomerFieldName, string>> {
  const out: Partial<Record<CustomerFieldName, string>> = {};
  for (const f of fields) out[f] = plainValue(f, row, raw) || (f === "pan" ? row.panLast4 : "");
  return out;
}

const shownCache = new Map<string, readonly CustomerFieldName[]>();

/**
 * Of the fields a view asks for, those the subject's level shows at all (hidden ones, and fields
 * the view does not show, are never assembled or masked).
 */
function shownFields(
  subject: string,
  rules: Record<CustomerFieldName, MaskRule>,
  fields: readonly CustomerFieldName[],
) {
  const key = `${subject}|${fields.join(",")}`;
  let shown = shownCache.get(key);
  if (!shown) {
    shown = fields.filter((f) => rules[f].level !== "hidden");
    if (shownCache.size < 1000) shownCache.set(key, shown);
  }
  return shown;
}

const metaCache = new Map<
  string,
  readonly (readonly [CustomerFieldName, Pick<MaskedValue, "level" | "revealable">])[]
>();

/** Each field's level and reveal right for a subject (static policy: built once per subject). */
function fieldMeta(subject: string) {
  let meta = metaCache.get(subject);
  if (!meta) {
    const rules = rulesFor(subject);
    meta = FIELD_NAMES.map(
      (f) => [f, { level: rules[f].level, revealable: mayReveal(subject, f) }] as const,
    );
    if (metaCache.size < 1000) metaCache.set(subject, meta);
  }
  return meta;
}

/**
 * The named mapper: the only way customer data becomes something a page or response carries.
 * Only `fields` (what the view shows, and what `raw` was decrypted for) are masked; any other
 * field is carried as null at its level, never as a mask made up from a value not read.
 */
export function toMaskedCustomer(
  subject: string,
  row: CustomerPlainColumns,
  raw: Partial<Record<StoredField, string>>,
  fields: readonly CustomerFieldName[] = FIELD_NAMES,
): MaskedCustomer {
  const rules = rulesFor(subject);
  const values = maskRecord(rules, sourceValues(shownFields(subject, rules, fields), row, raw), {
    tokenize: (field, value) => pseudonym(field, value),
    context: { city: row.city, country: row.country },
  });
  const out = {} as Record<CustomerFieldName, MaskedValue>;
  for (const [f, { level, revealable }] of fieldMeta(subject)) {
    const value = (level === "hidden" ? null : (values[f] ?? null)) as MaskedText | null;
    out[f] = { value, level, revealable };
  }
  return {
    id: row.id,
    fields: out,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function fieldLevels(subject: string, fields: readonly CustomerFieldName[] = FIELD_NAMES) {
  return fields
    .map((field) => ({ field, level: levelFor(subject, field) }))
    .filter((f) => f.level !== "hidden");
}
