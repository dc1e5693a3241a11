// The customer field catalogue: one table that says, for every field, what it is (its semantic
// type), how it is stored (ciphertext column, clear columns, search index), what people call it,
// and whether it can be revealed. Every list of fields elsewhere is derived from it: the Prisma
// omit, the decrypt set, reveal, the DTO, log redaction, the import schema's keys.
import type { Level } from "@/lib/masking/levels";
import type { TypeName } from "@/lib/masking/types";

/** A stored input value: encrypted (with its column) or kept in clear for display and filters. */
type StoredPart = { readonly encrypted: string } | { readonly clear: string };

/** The parts customers are stored as (the keys of the import format and the forms). */
export const STORED_PARTS = {
  fullName: { encrypted: "fullNameEnc" },
  email: { encrypted: "emailEnc" },
  phone: { encrypted: "phoneEnc" },
  dateOfBirth: { encrypted: "dateOfBirthEnc" },
  nationalId: { encrypted: "nationalIdEnc" },
  pan: { encrypted: "panEnc" },
  iban: { encrypted: "ibanEnc" },
  addressLine: { encrypted: "addressLineEnc" },
  postcode: { encrypted: "postcodeEnc" },
  city: { clear: "city" },
  country: { clear: "country" },
} as const satisfies Record<string, StoredPart>;
export type StoredPartName = keyof typeof STORED_PARTS;
export type EncryptedPart = {
  [P in StoredPartName]: (typeof STORED_PARTS)[P] extends { encrypted: string } ? P : never;
}[StoredPartName];
export type EncryptedColumn = (typeof STORED_PARTS)[EncryptedPart] extends { encrypted: infer C }
  ? C
  : never;

export type FieldEntry = {
  readonly label: string;
  /** Its semantic type: how it is validated, detected and masked (lib/masking/types.ts). */
  readonly type: TypeName;
  /** The stored parts this field is made of, in display order. */
  readonly parts: readonly string[];
  /** Levels served from clear columns alone (nothing is decrypted for them). */
  readonly fromClear?: readonly Level[];
  /** Exact-match search index column (keyed HMAC). */
  readonly blindIndex?: string;
  /** Shown in a fixed-width face (digits line up). */
  readonly numeric?: boolean;
  /** May be revealed in full at all (who may is the policy's business). */
  readonly revealable: boolean;
  /** A reveal needs a second officer's approval first. */
  readonly fourEyes?: boolean;
  /** Shown in the customer list (the detail view shows every field). */
  readonly inList?: true;
  /** What the exact-search form says for an indexed field, beyond the generic words. */
  readonly searchHelp?: { readonly hint?: string; readonly placeholder?: string };
};

/** The fields viewers see, in display order. */
export const CUSTOMER_FIELDS = {
  fullName: { label: "Name", type: "name", parts: ["fullName"], revealable: false, inList: true },
  email: {
    label: "Email",
    type: "email",
    parts: ["email"],
    blindIndex: "emailIdx",
    revealable: true,
    searchHelp: { hint: "The whole address.", placeholder: "name@example.com" },
    inList: true,
  },
  phone: { label: "Phone", type: "phone", parts: ["phone"], numeric: true, revealable: true },
  dateOfBirth: {
    label: "Date of birth",
    type: "dateOfBirth",
    parts: ["dateOfBirth"],
    numeric: true,
    revealable: true,
  },
  nationalId: {
    label: "National ID",
    type: "nationalId",
    parts: ["nationalId"],
    blindIndex: "nationalIdIdx",
    searchHelp: { hint: "The whole ID." },
    numeric: true,
    revealable: true,
  },
  pan: {
    label: "Card number",
    type: "pan",
    parts: ["pan"],
    fromClear: ["last4"], // the panLast4 column
    blindIndex: "panIdx",
    searchHelp: {
      hint: "The whole card number; the last four digits alone match too many cards.",
      placeholder: "16 digits",
    },
    numeric: true,
    revealable: true,
    fourEyes: true,
    inList: true,
  },
  iban: {
    label: "IBAN",
    type: "iban",
    parts: ["iban"],
    blindIndex: "ibanIdx",
    searchHelp: { hint: "The whole IBAN, spaces allowed.", placeholder: "GB29 NWBK …" },
    numeric: true,
    revealable: true,
  },
  address: {
    label: "Address",
    type: "address",
    parts: ["addressLine", "postcode", "city", "country"],
    fromClear: ["partial", "generalised"], // city and country
    revealable: true,
    inList: true,
  },
} as const satisfies Record<string, FieldEntry>;

export type CustomerFieldName = keyof typeof CUSTOMER_FIELDS;
export type Catalogue = { fields: Record<string, FieldEntry>; parts: Record<string, StoredPart> };
export const CATALOGUE: Catalogue = { fields: CUSTOMER_FIELDS, parts: STORED_PARTS };

export const FIELD_NAMES = Object.keys(CUSTOMER_FIELDS) as CustomerFieldName[];
export const REVEALABLE_FIELDS = FIELD_NAMES.filter((f) => CUSTOMER_FIELDS[f].revealable) as [
  CustomerFieldName,
  ...CustomerFieldName[],
];
export const FOUR_EYES_FIELDS: readonly CustomerFieldName[] = FIELD_NAMES.filter(
  (f) => (CUSTOMER_FIELDS[f] as FieldEntry).fourEyes,
);
type FieldsWith<P extends keyof FieldEntry> = {
  [F in CustomerFieldName]: (typeof CUSTOMER_FIELDS)[F] extends { [K in P]: unknown } ? F : never;
}[CustomerFieldName];

export type ListField = FieldsWith<"inList">;
/** The list view shows these (`inList`); the detail view shows every field. */
export const LIST_FIELDS = FIELD_NAMES.filter(
  (f) => (CUSTOMER_FIELDS[f] as FieldEntry).inList,
) as ListField[];

/** Fields with an exact-match search index: the identifier searches (budgeted). */
export type IndexedField = FieldsWith<"blindIndex">;
export const INDEXED_FIELDS = FIELD_NAMES.filter(
  (f) => (CUSTOMER_FIELDS[f] as FieldEntry).blindIndex,
) as IndexedField[];

/** The field a semantic type stands for in the policy (the first of that type). */
export function fieldOfType(type: TypeName): CustomerFieldName | undefined {
  return FIELD_NAMES.find((f) => CUSTOMER_FIELDS[f].type === type);
}

/**
 * A field's label, as a heading ("Card number") or inside a sentence ("card number", but "IBAN"
 * keeps its capitals). Unknown names come back as they are.
 */
export function fieldLabel(field: string, inSentence = false): string {
  const label = Object.hasOwn(CUSTOMER_FIELDS, field)
    ? CUSTOMER_FIELDS[field as CustomerFieldName].label
    : field;
  if (!inSentence) return label;
  return label
    .split(" ")
    .map((w) => (w === w.toUpperCase() ? w : w.toLowerCase()))
    .join(" ");
}

export function isFourEyes(field: string): boolean {
  return (FOUR_EYES_FIELDS as readonly string[]).includes(field);
}

/** Stored part → ciphertext column, for the encrypted parts. */
export function encryptedColumns(c: Catalogue = CATALOGUE): Record<string, string> {
  return Object.fromEntries(
    Object.entries(c.parts).flatMap(([part, s]) => ("encrypted" in s ? [[part, s.encrypted]] : [])),
  );
}

/** What the Prisma client omits by default: every ciphertext column and the wrapped data key. */
export function ciphertextOmit(c: Catalogue = CATALOGUE): Record<string, true> {
  return Object.fromEntries([
    ["dataKeyWrapped", true],
    ...Object.values(encryptedColumns(c)).map((col) => [col, true]),
  ]);
}

/**
 * The encrypted parts to decrypt so that `fields` can be shown at the levels `levelOf` gives:
 * none for hidden or redacted, none for levels served from clear columns.
 */
export function partsToDecrypt(
  fields: readonly string[],
  levelOf: (field: string) => Level,
  c: Catalogue = CATALOGUE,
): string[] {
  const out = new Set<string>();
  for (const field of fields) {
    const entry = c.fields[field];
    const level = levelOf(field);
    if (!entry || level === "hidden" || level === "redacted") continue;
    if (entry.fromClear?.includes(level)) continue;
    for (const part of entry.parts) if ("encrypted" in (c.parts[part] ?? {})) out.add(part);
  }
  return [...out];
}

/** Keys a log line must never carry in clear: every field and stored part name. */
export function customerLogKeys(c: Catalogue = CATALOGUE): string[] {
  return [...new Set([...Object.keys(c.fields), ...Object.keys(c.parts)])];
}
