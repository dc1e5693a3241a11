import "server-only";
import { db } from "@/lib/server/db";
import { requestJob } from "@/lib/server/jobs/runner";
import { hashEvent, type FieldAccess } from "./chain";

// Sequence-then-seal. An audit row is inserted, unsealed, in the transaction of the action it
// records (so it is durable exactly when the action is); the sealer then gives committed rows
// their chain position and hashes, in batches, under the chain-head lock. Writers never wait on
// each other for the chain; only the sealer is serialised, and it handles thousands per batch.

const BATCH = 2000;

/**
 * Seals every committed unsealed row, oldest first, and returns how many it sealed. In the
 * background (`wait: false`) it gives way when another sealer holds the head, which will seal
 * them; callers that need the chain complete now (verification, archiving, tests) wait for it.
 */
export async function sealAuditChain({ wait = true }: { wait?: boolean } = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await db().$transaction(async (tx) => {
      // The head is the owner's: locked and moved through its functions (migration
      // `audit_owner_only`), which also check every position and link.
      const [head] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT seq, hash FROM veil_lock_audit_head(${!wait})`;
      if (!head) return 0;
      const rows = await tx.auditEvent.findMany({
        where: { seq: null },
        orderBy: [{ at: "asc" }, { id: "asc" }],
        take: BATCH,
      });
      if (!rows.length) return 0;
      let seq = BigInt(head.seq);
      let prevHash = head.hash;
      const ids: string[] = [];
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      // Hashed from the row as stored (read back), exactly as verification will read it.
      for (const row of rows) {
        seq += 1n;
        const hash = hashEvent({
          ...row,
          seq,
          prevHash,
          fields: (row.fields as FieldAccess[] | null) ?? null,
          detail: row.detail ?? null,
        });
        ids.push(row.id);
        seqs.push(String(seq));
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await tx.$queryRaw`
        SELECT veil_seal_audit(${ids}::uuid[], ${seqs}::bigint[], ${prevs}::varchar[], ${hashes}::varchar[])`;
      return rows.length;
    });
    total += sealed;
    if (sealed < BATCH) return total;
  }
}

const globalForSealer = globalThis as unknown as { veilSealingPaused?: boolean };

/**
 * Asks the job runner for a seal (lib/server/jobs): soon after an append, by when its
 * transaction has committed; bursts become one job, and one worker seals at a time. A failed seal
 * is retried by the runner with back-off (rows stay durable, unsealed, meanwhile), and a minute
 * schedule picks up rows whose ask was lost.
 */
export function sealSoon(): void {
  if (globalForSealer.veilSealingPaused) return;
  requestJob("audit-seal");
}

/**
 * Runs `fn` with background sealing held off (rows stay unsealed until the next seal), for
 * measurements that count the statements a request makes and must not count the sealer's, and
 * for CLI commands, which seal their rows themselves when they end.
 */
export async function withBackgroundSealingPaused<T>(fn: () => Promise<T>): Promise<T> {
  globalForSealer.veilSealingPaused = true;
  try {
    return await fn();
  } finally {
    globalForSealer.veilSealingPaused = false; // the next append or the schedule seals what waited
  }
}
