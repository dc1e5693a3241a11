import "server-only";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { keyProvider } from "@/lib/server/crypto/keyring";
import { db } from "@/lib/server/db";
import { KEY_READS_PER_TRANSACTION, unsafeKeysToRewrap } from "@/lib/server/secret-accessors";

/**
 * Re-wraps every customer data key under the active master key, in batches. Field ciphertexts
 * are untouched (they are under the data keys). Safe to interrupt at any point: each batch
 * commits on its own, and a rerun picks up the rows still on an older key.
 */
export async function rotateDataKeys(
  actor: SystemPrincipal,
  opts: {
    batchSize?: number;
    pauseMs?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<{ rewrapped: number; total: number; toKeyId: string }> {
  const ring = keyProvider();
  const toKeyId = ring.activeKeyId;
  // The key accessor hands out at most 100 wrapped keys per transaction (a larger --batch is capped).
  const batchSize = Math.min(opts.batchSize ?? 100, KEY_READS_PER_TRANSACTION);
  const remaining = await db().customer.count({ where: { dataKeyId: { not: toKeyId } } });
  const alreadyDone = await db().customer.count({ where: { dataKeyId: toKeyId } });
  const total = remaining + alreadyDone;
  let run = await db().keyRotation.findFirst({
    where: { toKeyId, finishedAt: null },
    orderBy: { startedAt: "desc" },
  });
  if (!run) {
    run = await db().keyRotation.create({ data: { toKeyId } });
    await recordAudit({
      actor,
      action: "keys.rotate.start",
      target: { type: "master_key", id: toKeyId },
      detail: { remaining, toKeyId },
    });
  }
  let done = alreadyDone;
  opts.onProgress?.(done, total);
  for (;;) {
    const batch = await unsafeKeysToRewrap(db(), toKeyId, batchSize);
    if (batch.length === 0) break;
    const rewrapped = await Promise.all(
      batch.map(async (row) => {
        const dataKey = await ring.unwrap(row.dataKeyId, Buffer.from(row.dataKeyWrapped), row.id);
        const { keyId, wrapped } = await ring.wrap(dataKey, row.id);
        dataKey.fill(0);
        return { id: row.id, from: row.dataKeyId, keyId, wrapped: new Uint8Array(wrapped) };
      }),
    );
    await db().$transaction(async (tx) => {
      for (const r of rewrapped) {
        // Conditional on the old key id: a concurrent rotation cannot clobber a newer wrap.
        await tx.customer.updateMany({
          where: { id: r.id, dataKeyId: r.from },
          data: { dataKeyId: r.keyId, dataKeyWrapped: r.wrapped },
        });
      }
      await tx.keyRotation.update({
        where: { id: run!.id },
        data: { rewrapped: { increment: rewrapped.length } },
      });
    });
    done += rewrapped.length;
    opts.onProgress?.(done, total);
    if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
  }
  await db().$transaction(async (tx) => {
    await tx.keyRotation.update({ where: { id: run!.id }, data: { finishedAt: new Date() } });
    await appendAudit(tx, {
      actor,
      action: "keys.rotate.finish",
      target: { type: "master_key", id: toKeyId },
      detail: { rewrapped: done - alreadyDone, toKeyId },
    });
  });
  return { rewrapped: done - alreadyDone, total, toKeyId };
}
