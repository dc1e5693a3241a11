import "server-only";
import { db, type Tx } from "@/lib/server/db";
import { GENESIS_HASH, hashEvent, type FieldAccess } from "./chain";
import { checkpointValid } from "./checkpoint";

export type ChainReport =
  | {
      ok: true;
      checked: number;
      headSeq: bigint;
      /** Committed rows the sealer has not chained yet (normally none, or a few ms' worth). */
      unsealed: number;
      /** Age of the oldest unsealed row: more than seconds means the sealer is not running. */
      oldestUnsealedSeconds: number | null;
    }
  | { ok: false; checked: number; brokenSeq: bigint; reason: string };

const BATCH = 1000;

/**
 * Walks the chain in seq order and recomputes every hash. A changed row fails its own hash; a
 * deleted or reordered row breaks the seq run or the prevHash link; a removed tail no longer
 * matches the head.
 */
export async function verifyAuditChain(): Promise<ChainReport> {
  // One snapshot for the whole walk: the sealer keeps sealing meanwhile, and head and rows must
  // be read as of the same moment.
  return db().$transaction((tx) => verifyIn(tx), {
    isolationLevel: "RepeatableRead",
    timeout: 10 * 60_000,
  });
}

async function verifyIn(tx: Tx): Promise<ChainReport> {
  const head = await tx.auditHead.findUnique({ where: { id: 1 } });
  // After an archive the live chain resumes at the latest signed checkpoint.
  const checkpoint = await tx.auditCheckpoint.findFirst({ orderBy: { throughSeq: "desc" } });
  if (checkpoint && !checkpointValid(checkpoint)) {
    return {
      ok: false,
      checked: 0,
      brokenSeq: checkpoint.throughSeq,
      reason: "the archive checkpoint's signature is invalid",
    };
  }
  const firstSeq = checkpoint ? checkpoint.throughSeq + 1n : 1n;
  // Every sealed row in the table is on the walk: one sitting before where the chain starts
  // (a negative seq, or an archived position) was moved out of the chain.
  const outside = await tx.auditEvent.findFirst({
    where: { seq: { lt: firstSeq } },
    orderBy: { seq: "asc" },
    select: { seq: true },
  });
  if (outside?.seq != null)
    return {
      ok: false,
      checked: 0,
      brokenSeq: outside.seq,
      reason: `a row sits at ${outside.seq}, outside the chain (which starts at ${firstSeq})`,
    };
  let expectedSeq = firstSeq;
  let prevHash = checkpoint?.hash ?? GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await tx.auditEvent.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          checked,
          brokenSeq: expectedSeq,
          reason: `row ${expectedSeq} is missing`,
        };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          checked,
          brokenSeq: row.seq,
          reason: "does not link to the previous row",
        };
      }
      const recomputed = hashEvent({
        ...row,
        seq: row.seq!,
        prevHash: row.prevHash!,
        fields: (row.fields as FieldAccess[] | null) ?? null,
        detail: row.detail ?? null,
      });
      if (recomputed !== row.hash) {
        return {
          ok: false,
          checked,
          brokenSeq: row.seq,
          reason: "content does not match its hash",
        };
      }
      prevHash = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
    if (rows.length < BATCH) break;
  }
  const headSeq = head?.seq ?? 0n;
  if (headSeq !== expectedSeq - 1n || (head?.hash ?? GENESIS_HASH) !== prevHash) {
    return {
      ok: false,
      checked,
      brokenSeq: expectedSeq,
      reason: `rows after ${expectedSeq - 1n} are missing (head is at ${headSeq})`,
    };
  }
  const unsealed = await tx.auditEvent.count({ where: { seq: null } });
  const oldest = unsealed
    ? await tx.auditEvent.findFirst({
        where: { seq: null },
        orderBy: { at: "asc" },
        select: { at: true },
      })
    : null;
  return {
    ok: true,
    checked,
    headSeq,
    unsealed,
    oldestUnsealedSeconds: oldest ? Math.round((Date.now() - oldest.at.getTime()) / 1000) : null,
  };
}
