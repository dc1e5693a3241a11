import "server-only";
import { db, onDisconnect } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { hashEvent, type FieldAccess } from "./chain";

// Sequence-then-seal. An audit row is inserted, unsealed, in the transaction of the action it
// records (so it is durable exactly when the action is); the sealer then gives committed rows
// their chain position and hashes, in batches, under the chain-head lock. Writers never wait on
// each other for the chain; only the sealer is serialised, and it handles thousands per batch.

const BATCH = 2000;
/**
 * How long an append waits for company before the sealer runs: bursts seal as one batch (one
 * transaction, one UPDATE) instead of one tiny batch each. Rows are durable before this; the
 * wait only delays their chaining.
 */
const COALESCE_MS = 50;
/** Backstop for rows whose transaction committed after the sealer last looked. */
const SWEEP_MS = 1000;

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

/** After a failed seal (a starved pool, a restart), the background sealer waits this long, doubling. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];

const globalForSealer = globalThis as unknown as {
  veilSealer?: {
    timer: NodeJS.Timeout | null;
    running: boolean;
    again: boolean;
    paused?: boolean;
    sweep?: NodeJS.Timeout;
    /** Consecutive failed seals, and when the next try is due (back-off under pressure). */
    failures: number;
    retryAt: number;
  };
};

function sealer() {
  const s = (globalForSealer.veilSealer ??= {
    timer: null,
    running: false,
    again: false,
    failures: 0,
    retryAt: 0,
  });
  if (!s.sweep) {
    s.sweep = setInterval(() => sealSoon(), SWEEP_MS);
    s.sweep.unref();
    onDisconnect(() => {
      clearInterval(s.sweep);
      if (s.timer) clearTimeout(s.timer);
      s.sweep = undefined;
      s.timer = null;
    });
  }
  return s;
}

/**
 * Asks for a seal in a moment (coalescing bursts of appends into one batch). While backing off
 * after a failure, asks are dropped until the retry is due (the sweep asks again): a starved
 * database is not hammered, and rows stay durable, unsealed, until it has room.
 */
export function sealSoon(): void {
  const s = sealer();
  if (s.paused || Date.now() < s.retryAt) return;
  if (s.running) {
    s.again = true;
    return;
  }
  if (s.timer) return;
  s.timer = setTimeout(() => {
    s.timer = null;
    s.running = true;
    sealAuditChain({ wait: false })
      .then(() => {
        if (s.failures) logger().info({ failures: s.failures }, "audit sealing caught up");
        s.failures = 0;
        s.retryAt = 0;
      })
      .catch((err: unknown) => {
        const wait = BACKOFF_MS[Math.min(s.failures, BACKOFF_MS.length - 1)]!;
        s.failures += 1;
        s.retryAt = Date.now() + wait;
        // Once per streak: under pressure every retry would fail the same way.
        if (s.failures === 1)
          logger().warn(
            { err: err instanceof Error ? err.message : String(err), retryInMs: wait },
            "audit seal failed; backing off",
          );
      })
      .finally(() => {
        s.running = false;
        if (s.again) {
          s.again = false;
          sealSoon();
        }
      });
  }, COALESCE_MS);
  s.timer.unref();
}

/**
 * Runs `fn` with background sealing held off (rows stay unsealed until the next seal), for
 * measurements that count the statements a request makes and must not count the sealer's.
 */
export async function withBackgroundSealingPaused<T>(fn: () => Promise<T>): Promise<T> {
  const s = sealer();
  s.paused = true;
  if (s.timer) {
    clearTimeout(s.timer);
    s.timer = null;
  }
  while (s.running) await new Promise((r) => setTimeout(r, 5));
  try {
    return await fn();
  } finally {
    s.paused = false; // the next append or the sweep seals what waited
  }
}
