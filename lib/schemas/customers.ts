// Customer input (forms, CLI import, API) and the masked DTOs that leave the server.
import { z } from "zod";
import {
  dobValid,
  ibanValid,
  luhnValid,
  nationalIdValid,
  normaliseIban,
  normaliseNationalId,
  normalisePan,
  normalisePhone,
  phoneValid,
} from "@/lib/masking/fields";
import {
  CUSTOMER_FIELDS,
  FIELD_NAMES,
  INDEXED_FIELDS,
  REVEALABLE_FIELDS,
  STORED_PARTS,
  type ListField,
  type CustomerFieldName,
  type IndexedField,
  type StoredPartName,
} from "@/lib/fields/catalogue";
import type { Level } from "@/lib/masking/levels";
import type { TypeName } from "@/lib/masking/types";
import { REVEAL_PURPOSES, type SearchMode } from "@/lib/policy/field-policy";
import { emailSchema } from "./auth";
import { caseRefSchema } from "./case-ref";
import { personNameSchema } from "./users";

const CARD_SECURITY_CODE = /^(cvv2?|cvc2?|cid|csc|card_?security_?code|security_?code)$/i;

/** Text shown to people: no control characters, bounded. Markup is escaped on render, not stripped. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, "Required.")
    .max(max, `Use at most ${max} characters.`)
    .regex(/^[^\u0000-\u001f\u007f]*$/, "Remove control characters.");

/** The input validator of each single-part semantic type (normalise, then check). */
const TYPE_INPUT = {
  name: personNameSchema,
  email: emailSchema,
  phone: z
    .string()
    .trim()
    .max(32)
    .transform(normalisePhone)
    .refine(phoneValid, "Use international format, e.g. +44 7700 900123."),
  dateOfBirth: z
    .string()
    .trim()
    .refine((v) => dobValid(v), "Use a real past date as YYYY-MM-DD."),
  nationalId: z
    .string()
    .trim()
    .max(32)
    .transform(normaliseNationalId)
    .refine(nationalIdValid, "Use 5–20 letters and digits."),
  pan: z
    .string()
    .trim()
    .max(32)
    .transform(normalisePan)
    .refine(luhnValid, "This card number is not valid (checksum)."),
  iban: z
    .string()
    .trim()
    .max(42)
    .transform(normaliseIban)
    .refine(ibanValid, "This IBAN is not valid (checksum)."),
} satisfies Partial<Record<TypeName, z.ZodType<string, string>>>;

/** The parts of a multi-part field (the address), each with its own validator. */
const PART_INPUT: Partial<Record<StoredPartName, z.ZodType<string, string>>> = {
  addressLine: text(200),
  city: text(100),
  postcode: text(16),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Use a two-letter country code, e.g. GB."),
};

/**
 * One validator per stored part, derived from the catalogue: a part is validated as its field's
 * semantic type, or (a part of the address) by its own validator. The import format's keys are
 * exactly the catalogue's parts.
 */
export const customerFields = Object.fromEntries(
  (Object.keys(STORED_PARTS) as StoredPartName[]).map((part) => {
    const owner = FIELD_NAMES.find((f) =>
      (CUSTOMER_FIELDS[f].parts as readonly string[]).includes(part),
    );
    const byType =
      owner && CUSTOMER_FIELDS[owner].parts.length === 1
        ? (TYPE_INPUT as Partial<Record<TypeName, z.ZodType<string, string>>>)[
            CUSTOMER_FIELDS[owner].type
          ]
        : undefined;
    const schema = byType ?? PART_INPUT[part];
    if (!schema) throw new Error(`customer part ${part} has no validator`);
    return [part, schema];
  }),
) as Record<StoredPartName, z.ZodType<string, string>>;

/** Rejects a card security code anywhere in the input, by name, before anything else. */
function refuseSecurityCodes(input: unknown, ctx: z.RefinementCtx) {
  if (input && typeof input === "object") {
    for (const key of Object.keys(input)) {
      if (CARD_SECURITY_CODE.test(key)) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "Card security codes (CVV/CVC) are never accepted or stored.",
        });
      }
    }
  }
}

/** A new customer's fields, as documented (the API reference's request body). */
export const customerBodySchema = z.object(customerFields).strict();

/** A new customer, as validated: security codes refused by name first, then the fields. */
export const customerInputSchema = z
  .unknown()
  .superRefine(refuseSecurityCodes)
  .pipe(customerBodySchema);
export type CustomerInput = z.output<typeof customerInputSchema>;

export const customerUpdateSchema = z
  .unknown()
  .superRefine(refuseSecurityCodes)
  .pipe(
    z
      .object(customerFields)
      .partial()
      .strict()
      .refine((v) => Object.keys(v).length > 0, "Nothing to change."),
  );

/** Extra checks an exact search makes before the value's own validator, by semantic type. */
const SEARCH_PRECHECK: Partial<Record<TypeName, z.ZodType<string, string>>> = {
  // Four digits match thousands of cards: not a search anyone should run, so say so plainly.
  pan: z
    .string()
    .refine(
      (v) => v.replace(/\D/g, "").length > 4,
      "Type the whole card number: searching by the last four digits is not supported.",
    ),
};

/** An exact search on an indexed field: its value is validated like the field's own input. */
function exactSearch(field: IndexedField) {
  const own = customerFields[CUSTOMER_FIELDS[field].parts[0]];
  const pre = SEARCH_PRECHECK[CUSTOMER_FIELDS[field].type];
  return z.object({ by: z.literal(field), value: pre ? pre.pipe(own) : own });
}

/** How a customer is looked up; one exact mode per indexed field of the catalogue. */
export type ParsedCustomerSearch = { by: SearchMode; value: string };
export type CustomerSearch = ParsedCustomerSearch;

export const customerSearchSchema: z.ZodType<ParsedCustomerSearch, unknown> = z.discriminatedUnion(
  "by",
  [
    z.object({
      by: z.literal("name"),
      value: z.string().trim().min(2, "Type at least 2 letters.").max(60),
    }),
    ...INDEXED_FIELDS.map(exactSearch),
    z.object({
      by: z.literal("token"),
      value: z
        .string()
        .trim()
        .regex(/^tok_[A-Za-z0-9_-]{22}$/, "Paste a token as shown in the list, e.g. tok_…"),
    }),
  ],
);

export const listCustomersSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(5).max(100).default(25),
  search: customerSearchSchema.optional(),
});

export const customerIdSchema = z.string().trim().toLowerCase().uuid("Unknown customer.");

export const revealSchema = z.object({
  customerId: customerIdSchema,
  field: z.enum(REVEALABLE_FIELDS),
  purpose: z.enum(
    Object.keys(REVEAL_PURPOSES) as [
      keyof typeof REVEAL_PURPOSES,
      ...(keyof typeof REVEAL_PURPOSES)[],
    ],
  ),
  /** A reference into the case system, never free text (free text invites personal data). */
  caseRef: caseRefSchema,
});
export type RevealInput = z.infer<typeof revealSchema>;

export const revealResultSchema = z.object({
  field: z.enum(REVEALABLE_FIELDS),
  value: z.string(),
  visibleForSeconds: z.number().int().positive(),
});

/** Any JSON object (a body whose fields the data layer validates and audits itself). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

export const decideRevealSchema = z.object({ requestId: z.string().uuid(), approve: z.boolean() });

/**
 * A value as a viewer may see it. The brand makes it a distinct type: a raw string from the
 * database cannot be assigned where a MaskedCustomer is expected.
 */
declare const masked: unique symbol;
export type MaskedText = string & { readonly [masked]: true };
export type MaskedValue = { value: MaskedText | null; level: Level; revealable: boolean };

export type MaskedCustomer = {
  id: string;
  fields: Record<CustomerFieldName, MaskedValue>;
  createdAt: string;
  updatedAt: string;
};

/** The list view: the same masked fields, fewer of them. */
export type CustomerRow = Pick<MaskedCustomer, "id" | "createdAt"> & {
  fields: Pick<MaskedCustomer["fields"], ListField>;
};
