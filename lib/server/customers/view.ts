import "server-only";
import { maskField, SENSITIVE_FIELDS, type SensitiveField, maskPan } from "@/lib/masking/fields";
import type { Level } from "@/lib/masking/levels";
import { levelFor, mayReveal } from "@/lib/policy/field-policy";
import type { MaskedCustomer, MaskedText, MaskedValue } from "@/lib/schemas/customers";
import { pseudonym } from "@/lib/server/crypto/blind-index";
import type { StoredField } from "./sealed";

export type CustomerPlainColumns = {
  id: string;
  city: string;
  country: string;
  panLast4: string;
  createdAt: Date;
  updatedAt: Date;
};

/** The stored fields a viewer's levels require decrypting (none for masks kept in clear columns). */
export function fieldsToOpen(
  subject: string,
  fields: readonly SensitiveField[] = SENSITIVE_FIELDS,
): StoredField[] {
  const out = new Set<StoredField>();
  for (const field of fields) {
    const level = levelFor(subject, field);
    if (level === "hidden" || level === "redacted") continue;
    if (field === "pan" && level === "last4") continue; // panLast4 column
    if (field === "address") {
      if (level === "plain") ["addressLine", "postcode"].forEach((f) => out.add(f as StoredField));
      continue; // partial / generalised come from city and country
    }
    out.add(field);
  }
  return [...out];
}

function masked(value: string | null, level: Level, revealable: boolean): MaskedValue {
  return { value: value as MaskedText | null, level, revealable };
}

/** One field as `subject` may see it. `raw` holds only the decrypted fields it is allowed. */
export function maskOne(
  subject: string,
  field: SensitiveField,
  row: CustomerPlainColumns,
  raw: Partial<Record<StoredField, string>>,
): MaskedValue {
  const level = levelFor(subject, field);
  const revealable = mayReveal(subject, field);
  if (field === "pan" && level === "last4")
    return masked(maskPan(row.panLast4, "last4"), level, revealable);
  if (field === "address") {
    const value =
      level === "plain"
        ? [raw.addressLine, raw.postcode, row.city, row.country].filter(Boolean).join(", ")
        : maskField("address", level, { value: "", city: row.city, country: row.country });
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
    SENSITIVE_FIELDS.map((f) => [f, maskOne(subject, f, row, raw)]),
  ) as Record<SensitiveField, MaskedValue>;
  return {
    id: row.id,
    fields,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function fieldLevels(subject: string, fields: readonly SensitiveField[] = SENSITIVE_FIELDS) {
  return fields
    .map((field) => ({ field, level: levelFor(subject, field) }))
    .filter((f) => f.level !== "hidden");
}
