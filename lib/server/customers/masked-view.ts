import "server-only";
import { maskValue, type MaskContext } from "@/lib/masking/types";
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

/** A field in full from one stored part (the common case), as `plainValue` would join it. */
function singlePart(part: StoredPartName) {
  return (row: Partial<Record<StoredPartName, string>>, raw: Partial<Record<string, string>>) =>
    raw[part] || row[part] || "";
}

type Masker = (
  row: CustomerPlainColumns,
  raw: Partial<Record<StoredField, string>>,
) => MaskedCustomer;
const maskers = new Map<string, Masker>();

/**
 * Whether a view shows in full a field staff may only see through an audited reveal (a KYC
 * partner's national ID): such a view is never kept in memory (./masked-row-cache).
 */
export function showsRevealableInFull(subject: string, fields: readonly CustomerFieldName[]) {
  return fields.some((f) => CUSTOMER_FIELDS[f].revealable && levelFor(subject, f) === "plain");
}

/** A view's name: who looks (the policy subject) at which fields. */
export const viewKey = (subject: string, fields: readonly CustomerFieldName[]) =>
  `${subject}|${fields.join(",")}`;

/**
 * A view's masking, worked out once per (subject, fields): the policy is static, so each field's
 * level, reveal right, source and mask are fixed, and a row only runs the masks it shows (this
 * runs for every row of every page and partner call). Same rules as `maskValue` applies to any
 * record: the semantic type's mask for the level, a keyed pseudonym for `token`.
 */
function maskerFor(subject: string, fields: readonly CustomerFieldName[]): Masker {
  const key = viewKey(subject, fields);
  let masker = maskers.get(key);
  if (masker) return masker;
  const plan = FIELD_NAMES.map((field) => {
    const { type, parts } = CUSTOMER_FIELDS[field];
    const level = levelFor(subject, field);
    const shown = level !== "hidden" && fields.includes(field);
    const full =
      parts.length === 1
        ? singlePart(parts[0]!)
        : (
            row: Partial<Record<StoredPartName, string>>,
            raw: Partial<Record<StoredField, string>>,
          ) => plainValue(field, row, raw);
    return {
      field,
      meta: { level, revealable: mayReveal(subject, field) },
      shown,
      // What the mask starts from: the field in full where it was decrypted, else the clear
      // column its level is served from (the card's last four; the address masks use city and
      // country, which the context carries).
      source:
        field === "pan"
          ? (row: CustomerPlainColumns, raw: Partial<Record<StoredField, string>>) =>
              full(row as Partial<Record<StoredPartName, string>>, raw) || row.panLast4
          : (row: CustomerPlainColumns, raw: Partial<Record<StoredField, string>>) =>
              full(row as Partial<Record<StoredPartName, string>>, raw),
      token: level === "token" ? (v: string) => pseudonym(field, v) : undefined,
      type,
      level,
    };
  });
  masker = (row, raw) => {
    const out = {} as Record<CustomerFieldName, MaskedValue>;
    const context: MaskContext = { city: row.city, country: row.country };
    for (const f of plan) {
      let value: MaskedText | null = null;
      if (f.shown) {
        context.token = f.token;
        value = maskValue(f.type, f.level, f.source(row, raw), context) as MaskedText | null;
      }
      out[f.field] = { value, ...f.meta };
    }
    return {
      id: row.id,
      fields: out,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  };
  if (maskers.size < 1000) maskers.set(key, masker);
  return masker;
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
  return maskerFor(subject, fields)(row, raw);
}

export function fieldLevels(subject: string, fields: readonly CustomerFieldName[] = FIELD_NAMES) {
  return fields
    .map((field) => ({ field, level: levelFor(subject, field) }))
    .filter((f) => f.level !== "hidden");
}
