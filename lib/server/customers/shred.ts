import "server-only";
import { announceForgottenKeys } from "@/lib/server/crypto/forget-bus";
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
  // Their data keys leave this process's cache now, and every other instance's as soon as the
  // message reaches it (lib/server/crypto/forget-bus.ts; its TTL bounds a lost message).
  for (const id of ids) forgetDataKey(id);
  await announceForgottenKeys(ids);
  return gone.map((r) => r.id);
}
