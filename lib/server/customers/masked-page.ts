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
import { unsafeCiphertextColumns, unsafeOpenMany, unsafeWithWrappedKeys } from "./ciphertexts";
import { maskedRowCache } from "./masked-row-cache";
import {
  fieldsToOpen,
  showsRevealableInFull,
  toMaskedCustomer,
  viewKey,
  type CustomerPlainColumns,
} from "./masked-view";
import { taintRawValues } from "./taint";

// A page of customers as a viewer sees it: which columns to read in one query, then the masked
// DTOs (from memory, or the keys, decryption of only what the viewer's levels need, and taint).

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
 * Masks rows selected with `maskedViewColumns(subject, fields)`, returning DTOs in input order.
 * Rows masked before from the same ciphertexts come from memory (./masked-row-cache); for the rest
 * the wrapped data keys are read in one accessor call, unwrapped in one batch, and only what the
 * viewer's levels need is decrypted. A row erased since it was read is left out.
 */
export async function maskRows(
  q: Queryable,
  subject: string,
  rows: CustomerPlainColumns[],
  fields: readonly CustomerFieldName[],
): Promise<MaskedCustomer[]> {
  const toOpen = fieldsToOpen(subject, fields);
  if (!toOpen.length) return rows.map((row) => toMaskedCustomer(subject, row, {}, fields));
  const cache = maskedRowCache(viewKey(subject, fields), toOpen, {
    kept: !showsRevealableInFull(subject, fields),
  });
  const found = cache.lookup(rows);
  const misses = rows.filter((_, i) => !found[i]);
  const made = new Map<string, MaskedCustomer>();
  if (misses.length) {
    const sealed = await unsafeWithWrappedKeys(q, misses);
    const opened = await unsafeOpenMany(sealed, toOpen);
    const neverPlain = toOpen.filter((f) => NEVER_PLAIN.has(f));
    sealed.forEach((row, i) => {
      const raw = opened[i]!;
      // Values no role ever sees in clear must never reach a client component as they are.
      // (Taint is keyed by value across the process, so a field some role sees plain — the
      // name — cannot be tainted without breaking that role's pages.)
      taintRawValues(
        raw,
        neverPlain.map((f) => raw[f]),
      );
      made.set(row.id, cache.keep(row, toMaskedCustomer(subject, row, raw, fields)));
    });
  }
  return rows.flatMap((row, i) => found[i] ?? made.get(row.id) ?? []);
}
