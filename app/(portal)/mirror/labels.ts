import { CUSTOMER_FIELDS, FIELD_NAMES } from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
import type { TypeName } from "@/lib/masking/types";

/** A detected column type's name: a customer field's own label, else the type's. */
export const TYPE_LABELS = {
  ...Object.fromEntries(
    FIELD_NAMES.map((f) => [CUSTOMER_FIELDS[f].type, CUSTOMER_FIELDS[f].label]).reverse(),
  ),
  postcode: "Postcode",
  street: "Street line",
  city: "City",
  country: "Country",
  number: "Number",
  freeText: "Free text",
} satisfies Record<
  Exclude<TypeName, (typeof CUSTOMER_FIELDS)[keyof typeof CUSTOMER_FIELDS]["type"]>,
  string
> &
  Record<string, string> as Record<TypeName, string>;

export function levelLabel(level: Level, type: TypeName): string {
  if (type === "freeText" && level === "partial") return "Mask identifiers inside";
  // An address shown partially is its city: the city column is kept whole at that level.
  if (type === "city" && level === "partial") return "Keep (the address shows the city)";
  return {
    plain: "Keep as is",
    partial: "Mask partly",
    last4: "Last 4 only",
    token: "Pseudonym (keyed)",
    generalised: "Generalise",
    redacted: "Redact",
    hidden: "Drop the column",
  }[level];
}

/** Decimal units, as the limit is configured (200000000 bytes is "200 MB"). */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${Math.round(n / 1000)} KB`;
  const mb = n / 1_000_000;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}
