import "server-only";
import { LRUCache } from "lru-cache";
import { encryptedColumns, type EncryptedColumn } from "@/lib/fields/catalogue";
import { env } from "@/lib/env";
import type { MaskedCustomer } from "@/lib/schemas/customers";
import { IV_AND_TAG } from "@/lib/server/crypto/envelope";
import { keyProvider } from "@/lib/server/crypto/key-provider";
import { metrics } from "@/lib/server/metrics";
import type { StoredField } from "./ciphertexts";
import type { CustomerPlainColumns } from "./masked-view";

// Masked rows reused from one page to the next. Masking is a pure function of a row's clear
// columns, the plaintexts of the ciphertexts a view opens, and the view; a row read again with the
// same ciphertexts masks to the same DTO, so a warm page decrypts and masks nothing (decryption and
// masking were a fifth of a partner request's CPU). What makes that safe:
// - an entry is used only for exactly the ciphertexts it was made from: each one's IV and GCM tag
//   (random IV: no two ciphertexts share them) and every clear column the DTO carries are compared
//   on each hit, and the key names the row, so a ciphertext copied into another row (which its
//   AAD would refuse) is a miss and is decrypted, and refused;
// - an entry is used only while the customer's data key is itself in the data-key cache, so it
//   has that cache's bounds and erasure: `VEIL_DEK_CACHE_TTL_S`, `VEIL_DEK_CACHE_MAX` (0: neither
//   cache), forgotten when the key is (erasure, re-wrap, on every instance);
// - what it holds is what the view shows, frozen: masks, and in full only what the view shows in
//   full; a view showing in full a field staff may only see through an audited reveal (a KYC
//   partner's national ID) is never kept, and reveals never come this way.

const COLUMNS = encryptedColumns() as Record<StoredField, EncryptedColumn>;
type Row = CustomerPlainColumns & Partial<Record<EncryptedColumn, Uint8Array>>;
type Entry = { sources: Sources; masked: MaskedCustomer };

const { start: IV_AND_TAG_START, end: IV_AND_TAG_END } = IV_AND_TAG;

/** What a row's masked DTO is made from, besides the view: compared field by field on each hit. */
type Sources = {
  createdAt: number;
  updatedAt: number;
  clear: string;
  /** Which opened columns held a ciphertext (bit i: column i). */
  present: number;
  /** Each present ciphertext's IV and tag at its column's place (zeros for an absent one). */
  ivsAndTags: Uint8Array;
};

const clearOf = (row: Row) => `${row.city}\u0000${row.country}\u0000${row.panLast4}`;

function sourcesOf(row: Row, columns: readonly EncryptedColumn[]): Sources {
  const width = IV_AND_TAG_END - IV_AND_TAG_START;
  const ivsAndTags = new Uint8Array(width * columns.length);
  let present = 0;
  columns.forEach((c, i) => {
    const blob = row[c];
    if (!blob) return;
    present |= 1 << i;
    ivsAndTags.set(blob.subarray(IV_AND_TAG_START, IV_AND_TAG_END), i * width);
  });
  return {
    present,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
    clear: clearOf(row),
    ivsAndTags,
  };
}

/** Whether `row` holds exactly what `s` was taken from (no copies: this runs on every hit). */
function sameSources(s: Sources, row: Row, columns: readonly EncryptedColumn[]): boolean {
  if (s.createdAt !== row.createdAt.getTime() || s.updatedAt !== row.updatedAt.getTime())
    return false;
  if (s.clear !== clearOf(row)) return false;
  const width = IV_AND_TAG_END - IV_AND_TAG_START;
  for (let i = 0; i < columns.length; i++) {
    const blob = row[columns[i]!];
    const at = i * width;
    if (!blob !== !(s.present & (1 << i))) return false;
    if (!blob) continue;
    for (let b = 0; b < width; b++)
      if (s.ivsAndTags[at + b] !== blob[IV_AND_TAG_START + b]) return false;
  }
  return true;
}

const deepFreeze = (m: MaskedCustomer): MaskedCustomer => {
  for (const v of Object.values(m.fields)) Object.freeze(v);
  Object.freeze(m.fields);
  return Object.freeze(m);
};

type Built = { signature: string; cache: LRUCache<string, Entry> | null };
const KEY = Symbol.for("veil.maskedRowCache");

function shared(): LRUCache<string, Entry> | null {
  const { VEIL_DEK_CACHE_MAX: max, VEIL_DEK_CACHE_TTL_S: ttl } = env();
  const signature = `${max}|${ttl}`;
  const g = globalThis as { [KEY]?: Built };
  if (g[KEY]?.signature !== signature)
    g[KEY] = { signature, cache: max > 0 ? new LRUCache({ max, ttl: ttl * 1000 }) : null };
  return g[KEY].cache;
}

/**
 * One view's (subject and fields') masked rows: `lookup` a page's, `keep` each row masked. A view
 * that is not `kept` (one showing a revealable field in full) always misses and keeps nothing.
 */
export function maskedRowCache(
  view: string,
  opened: readonly StoredField[],
  { kept }: { kept: boolean },
) {
  const cache = kept ? shared() : null;
  const columns = opened.map((f) => COLUMNS[f]);
  const keyOf = (row: Row) => `${view}\u0000${row.id}`;
  const keys = keyProvider();
  const keyHeld = (row: Row) => keys.holds(row.id);
  return {
    /** Each row's masked DTO from memory, or undefined: a miss, to decrypt and mask. */
    lookup(rows: readonly Row[]): (MaskedCustomer | undefined)[] {
      if (!cache) {
        metrics().maskedRowCache.inc({ outcome: "miss" }, rows.length);
        return new Array(rows.length);
      }
      let hits = 0;
      const found = rows.map((row) => {
        const entry = cache.get(keyOf(row));
        if (!entry || !sameSources(entry.sources, row, columns) || !keyHeld(row)) return;
        hits++;
        return entry.masked;
      });
      metrics().maskedRowCache.inc({ outcome: "hit" }, hits);
      metrics().maskedRowCache.inc({ outcome: "miss" }, rows.length - hits);
      return found;
    },
    keep(row: Row, masked: MaskedCustomer): MaskedCustomer {
      if (cache && keyHeld(row))
        cache.set(keyOf(row), {
          sources: sourcesOf(row, columns),
          masked: deepFreeze(masked),
        });
      return masked;
    },
  };
}
