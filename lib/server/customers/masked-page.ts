import "server-only";
import {
  CUSTOMER_FIELDS,
  FIELD_NAMES,
  STORED_PARTS,
  type CustomerFieldName,
} from "@/lib/fields/catalogue";
import type { Prisma } from "@/lib/generated/prisma/client";
import { POLICY } from "@/lib/policy/field-policy";
import type { MaskedCustomer } from "@/lib/schemas/customers";
import type { Queryable } from "@/lib/server/secret-accessors";
import {
  unsafeCiphertextColumns,
  unsafeOpenMany,
  unsafeWithWrappedKeys,
  type SealedRow,
} from "./ciphertexts";
import { fieldsToOpen, toMaskedCustomer, type CustomerPlainColumns } from "./masked-view";
import { taintRawValues } from "./taint";

// A page of customers as a viewer sees it: which columns to read in one query, then the keys,
// decryption of only what the viewer's levels need, taint, and the masked DTOs.

/**
 * Stored parts of fields no role ever sees in clear: tainted once decrypted. (Taint is keyed by
 * value process-wide, so a field some role sees plain — the name — cannot be tainted.)
 */
const NEVER_PLAIN = new Set<string>(
  FIELD_NAMES.filter((f) => !Object.values(POLICY).some((row) => row[f] === "plain")).flatMap((f) =>
    CUSTOMER_FIELDS[f].parts.filter((p) => "encrypted" in STORED_PARTS[p]),
  ),
);

/** The clear columns every masked view starts from (no ciphertext, no key). */
export const plainColumns = {
  id: true,
  city: true,
  country: true,
  panLast4: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CustomerSelect;

/**
 * The columns a masked view of `fields` starts from: the clear ones plus exactly the ciphertexts
 * the subject's levels decrypt, so a page is read in one query (its keys in a second).
 */
export function maskedViewColumns(subject: string, fields: readonly CustomerFieldName[]) {
  return {
    ...plainColumns,
    ...unsafeCiphertextColumns(fieldsToOpen(subject, fields)),
  } as typeof plainColumns;
}

/**
 * Decrypts only what the viewer's levels need, masks, and returns DTOs in input order. `rows`
 * were selected with `maskedViewColumns(subject, fields)`; a row erased since is left out.
 */
export async function maskRows(
  q: Queryable,
  subject: string,
  rows: CustomerPlainColumns[],
  fields: readonly CustomerFieldName[],
): Promise<MaskedCustomer[]> {
  if (!fieldsToOpen(subject, fields).length)
    return rows.map((row) => toMaskedCustomer(subject, row, {}, fields));
  return maskSealedRows(subject, await unsafeWithWrappedKeys(q, rows), fields);
}

/** `maskRows` for rows that already carry their wrapped data keys (`unsafeReadAuditedPage`). */
export async function maskSealedRows(
  subject: string,
  sealed: (CustomerPlainColumns & SealedRow)[],
  fields: readonly CustomerFieldName[],
): Promise<MaskedCustomer[]> {
  const toOpen = fieldsToOpen(subject, fields);
  if (!toOpen.length) return sealed.map((row) => toMaskedCustomer(subject, row, {}, fields));
  const opened = await unsafeOpenMany(sealed, toOpen);
  const neverPlain = toOpen.filter((f) => NEVER_PLAIN.has(f));
  return sealed.map((row, i) => {
    const raw = opened[i]!;
    // Values no role ever sees in clear must never reach a client component as they are.
    // (Taint is keyed by value across the process, so a field some role sees plain — the
    // name — cannot be tainted without breaking that role's pages.)
    taintRawValues(
      raw,
      neverPlain.map((f) => raw[f]),
    );
    return toMaskedCustomer(subject, row, raw, fields);
  });
}
