import "server-only";
import {
  CUSTOMER_FIELDS,
  encryptedColumns,
  STORED_PARTS,
  type EncryptedColumn,
  type EncryptedPart,
  type FieldEntry,
  type StoredPartName,
} from "@/lib/fields/catalogue";
import type { CustomerInput } from "@/lib/schemas/customers";
import { blindIndex, namePrefixIndexes } from "@/lib/server/crypto/blind-index";
import { bufferView, decryptField, encryptField, newDataKey } from "@/lib/server/crypto/envelope";
import { keyProvider } from "@/lib/server/crypto/key-provider";
import type { Tx } from "@/lib/server/db";
import { unsafeWrappedKeys, type Queryable } from "@/lib/server/secret-accessors";

/** Every encrypted stored part and the column holding its ciphertext (from the catalogue). */
const ENCRYPTED_COLUMNS = encryptedColumns() as Record<EncryptedPart, EncryptedColumn>;
export type StoredField = EncryptedPart;

export type SealedRow = { id: string; dataKeyWrapped: Uint8Array; dataKeyId: string } & Partial<
  Record<EncryptedColumn, Uint8Array>
>;

/** Columns (ciphertexts, clear parts, search indexes, display helpers) for the given input. */
export function sealFields(customerId: string, dataKey: Buffer, input: Partial<CustomerInput>) {
  const out: Record<string, unknown> = {};
  for (const [part, stored] of Object.entries(STORED_PARTS) as [StoredPartName, object][]) {
    const value = input[part];
    if (value === undefined) continue;
    if ("encrypted" in stored)
      out[stored.encrypted as string] = encryptField(dataKey, customerId, part, value);
    else out[(stored as { clear: string }).clear] = value;
  }
  for (const [field, entry] of Object.entries(CUSTOMER_FIELDS) as [string, FieldEntry][]) {
    const value = input[field as StoredPartName];
    if (entry.blindIndex && value !== undefined) out[entry.blindIndex] = blindIndex(field, value);
  }
  // Word-prefix indexes keep name search possible with the name encrypted.
  if (input.fullName !== undefined) out.nameIdx = namePrefixIndexes(input.fullName);
  if (input.pan !== undefined) out.panLast4 = input.pan.slice(-4);
  return out;
}

/** A new data key for a new customer, wrapped by the active master key. */
export async function newWrappedDataKey(customerId: string) {
  const dataKey = newDataKey();
  const { keyId, wrapped } = await keyProvider().wrap(dataKey, customerId);
  return { dataKey, dataKeyId: keyId, dataKeyWrapped: new Uint8Array(wrapped) };
}

export async function unwrapDataKey(row: Pick<SealedRow, "id" | "dataKeyId" | "dataKeyWrapped">) {
  return keyProvider().unwrap(row.dataKeyId, Buffer.from(row.dataKeyWrapped), row.id);
}

/** Decrypts the named fields of one row with its (already unwrapped) data key. */
function openWith(
  dataKey: Buffer,
  row: SealedRow,
  fields: readonly StoredField[],
): Partial<Record<StoredField, string>> {
  const out: Partial<Record<StoredField, string>> = {};
  for (const field of fields) {
    const blob = row[ENCRYPTED_COLUMNS[field]];
    if (blob) out[field] = decryptField(dataKey, row.id, field, blob);
  }
  return out;
}

/**
 * unsafe: returns plaintext. Only callers that mask the result before it leaves the server, or
 * that implement an authorised reveal, may call it; each re-checks permission before calling.
 */
export async function unsafeOpenFields(
  row: SealedRow,
  fields: readonly StoredField[],
): Promise<Partial<Record<StoredField, string>>> {
  const [opened] = await unsafeOpenMany([row], fields);
  return opened!;
}

/** unsafe: `unsafeOpenFields` for a page: the data keys unwrapped in one call, then decrypted. */
export async function unsafeOpenMany(
  rows: SealedRow[],
  fields: readonly StoredField[],
): Promise<Partial<Record<StoredField, string>>[]> {
  const keys = await keyProvider().unwrapMany(
    rows.map((r) => ({
      keyId: r.dataKeyId,
      wrapped: bufferView(r.dataKeyWrapped),
      context: r.id,
    })),
  );
  return rows.map((row, i) => {
    const opened = openWith(keys[i]!, row, fields);
    keys[i]!.fill(0);
    return opened;
  });
}

/** The Prisma select for the ciphertext columns of the named fields (ask for exactly these). */
export function unsafeCiphertextColumns(fields: readonly StoredField[]): Record<string, true> {
  return Object.fromEntries(fields.map((f) => [ENCRYPTED_COLUMNS[f], true]));
}

/**
 * unsafe: rows (already holding their ciphertexts) joined with their wrapped data keys, one
 * accessor call for the lot. A row whose key is gone (erased since it was read) is dropped.
 */
export async function unsafeWithWrappedKeys<R extends { id: string }>(
  q: Queryable,
  rows: R[],
): Promise<(R & SealedRow)[]> {
  if (!rows.length) return [];
  const keys = new Map(
    (
      await unsafeWrappedKeys(
        q,
        rows.map((r) => r.id),
      )
    ).map((k) => [k.id, k]),
  );
  return rows.flatMap((r) => {
    const key = keys.get(r.id);
    return key ? [{ ...r, dataKeyId: key.dataKeyId, dataKeyWrapped: key.dataKeyWrapped }] : [];
  });
}

/** unsafe: the ciphertext columns for the named fields, and each row's wrapped data key. */
export async function unsafeLoadSealed(
  tx: Tx,
  ids: string[],
  fields: readonly StoredField[],
): Promise<SealedRow[]> {
  const rows = (await tx.customer.findMany({
    where: { id: { in: ids } },
    select: { id: true, ...unsafeCiphertextColumns(fields) },
  })) as { id: string }[];
  return unsafeWithWrappedKeys(tx, rows);
}
