import { db, type Tx } from "@/lib/server/db";

/**
 * Tampering as someone with the database superuser's powers, who can switch the append-only
 * triggers off (`session_replication_role = replica`): what audit:verify must still catch. The
 * application role can do none of this (tests/security/review2-05-audit-rows-fixed.test.ts).
 */
export async function asOwnerBypassingAppendOnly(fn: (tx: Tx) => Promise<unknown>) {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
    await fn(tx);
  });
}
