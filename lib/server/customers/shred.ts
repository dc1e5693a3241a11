import "server-only";
import { forgetDataKey } from "@/lib/server/crypto/key-provider";
import type { Tx } from "@/lib/server/db";

/**
 * Crypto-shreds customers inside the caller's transaction. Deleting the row deletes the wrapped
 * data key with it, and with the key every ciphertext (they sit in the same row), the blind
 * indexes, and (by cascade) the customer's partner shares and reveal requests. Audit rows keep
 * only the id. Returns the ids that existed and are now gone.
 */
export async function shredCustomers(tx: Tx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const gone = await tx.$queryRaw<{ id: string }[]>`
    DELETE FROM "Customer" WHERE "id" = ANY(${[...ids]}::uuid[]) RETURNING "id"`;
  // Their data keys leave this process's cache now (another instance's within its TTL).
  for (const id of ids) forgetDataKey(id);
  return gone.map((r) => r.id);
}
