import { db, type Tx } from "@/lib/server/db";

/**
 * Tampering as someone with the schema owner's powers who also opens the retention window
 * (the only way past the append-only trigger): what audit:verify must still catch.
 */
export async function asOwnerBypassingAppendOnly(fn: (tx: Tx) => Promise<unknown>) {
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('veil.audit_retention', 'on', true)`;
    await fn(tx);
  });
}
