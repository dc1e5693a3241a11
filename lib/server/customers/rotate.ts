import "server-only";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { forgetDataKey, keyProvider } from "@/lib/server/crypto/key-provider";
import { db } from "@/lib/server/db";
import { KEY_READS_PER_TRANSACTION, unsafeKeysToRewrap } from "@/lib/server/secret-accessors";

/**
 * One transaction: read a page of wrapped keys after `after`, re-wrap them in memory, write them
 * back with one statement (conditional on the old key id, so a concurrent rotation cannot clobber
 * a newer wrap) and count them on the run. Null when no key after `after` is left to re-wrap.
 */
async function rewrapBatch(
  toKeyId: string,
  runId: string,
  batchSize: number,
  after: string | null,
): Promise<{ lastId: string; rewrapped: number } | null> {
  const ring = keyProvider();
  return db().$transaction(async (tx) => {
    const batch = await unsafeKeysToRewrap(tx, toKeyId, batchSize, after);
    if (batch.length === 0) return null;
    const ids: string[] = [];
    const from: string[] = [];
    const wrapped: string[] = [];
    for (const row of batch) {
      const dataKey = await ring.unwrap(row.dataKeyId, Buffer.from(row.dataKeyWrapped), row.id);
      const rewrapped = await ring.wrap(dataKey, row.id);
      dataKey.fill(0);
      if (rewrapped.keyId !== toKeyId)
        throw new Error("the active master key changed mid-rotation");
      ids.push(row.id);
      from.push(row.dataKeyId);
      wrapped.push(rewrapped.wrapped.toString("base64"));
    }
    const rewrapped = await tx.$executeRaw`
      UPDATE "Customer" c SET "dataKeyId" = ${toKeyId}, "dataKeyWrapped" = decode(v.wrapped, 'base64')
      FROM (SELECT unnest(${ids}::uuid[]) AS id, unnest(${from}::varchar[]) AS from_key,
                   unnest(${wrapped}::text[]) AS wrapped) v
      WHERE c."id" = v.id AND c."dataKeyId" = v.from_key`;
    await tx.keyRotation.update({
      where: { id: runId },
      data: { rewrapped: { increment: rewrapped } },
    });
    for (const id of ids) forgetDataKey(id); // the old wrap's cached key goes with it
    return { lastId: batch.at(-1)!.id, rewrapped };
  });
}

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
  const toKeyId = keyProvider().activeKeyId;
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
  // One pass in id order (each batch continues after the last id), then one more from the start
  // for rows a concurrent writer put back on an old key meanwhile (none, normally).
  for (let pass = 0; pass < 2; pass++) {
    let after: string | null = null;
    let passCount = 0;
    for (;;) {
      const batch = await rewrapBatch(toKeyId, run.id, batchSize, after);
      if (!batch) break;
      after = batch.lastId;
      passCount += batch.rewrapped;
      done += batch.rewrapped;
      opts.onProgress?.(done, total);
      if (opts.pauseMs) await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
    if (pass === 0 && passCount === 0) break;
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
