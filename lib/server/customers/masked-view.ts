import "server-only";
import { maskField, maskPan } from "@/lib/masking/fields";
import {
  CUSTOMER_FIELDS,
  FIELD_NAMES,
  partsToDecrypt,
  type CustomerFieldName,
  type StoredPartName,
} from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
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

function masked(value: string | null, level: Level, revealable: boolean): MaskedValue {
  return { value: value as MaskedText | null, level, revealable };
}

/** One field as `subject` may see it. `raw` holds only the decrypted fields it is allowed. */
export function maskOne(
  subject: string,
  field: CustomerFieldName,
  row: CustomerPlainColumns,
  raw: Partial<Record<StoredField, string>>,
): MaskedValue {
  const level = levelFor(subject, field);
  const revealable = mayReveal(subject, field);
  if (field === "pan" && level === "last4")
    return masked(maskPan(row.panLast4, "last4"), level, revealable);
  if (level === "plain") return masked(plainValue(field, row, raw), level, revealable);
  if (field === "address") {
    const value = maskField("address", level, { value: "", city: row.city, country: row.country });
    return masked(value, level, revealable);
  }
  const value = raw[field as StoredField] ?? "";
  return masked(
    maskField(field, level, {
      value,
      token: level === "token" ? pseudonym(field, value) : undefined,
    }),
    level,
    revealable,
  );
}

/** The named mapper: the only way customer data becomes something a page or response carries. */
export function toMaskedCustomer(
  subject: string,
  row: CustomerPlainColumns,
  raw: Partial<Record<StoredField, string>>,
): MaskedCustomer {
  const fields = Object.fromEntries(
    FIELD_NAMES.map((f) => [f, maskOne(subject, f, row, raw)]),
  ) as Record<CustomerFieldName, MaskedValue>;
  return {
    id: row.id,
    fields,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function fieldLevels(subject: string, fields: readonly CustomerFieldName[] = FIELD_NAMES) {
  return fields
    .map((field) => ({ field, level: levelFor(subject, field) }))
    .filter((f) => f.level !== "hidden");
}
