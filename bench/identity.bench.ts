// Sign-in and audit throughput. Ratios are against baselines measured in the same run.
import { randomUUID } from "node:crypto";
import { testAction } from "../tests/support/audit";
import bcrypt from "bcrypt";
import { appendAudit, recordAudit } from "@/lib/server/audit/append";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { attemptLogin } from "@/lib/server/auth/login";
import { hashPassword } from "@/lib/server/auth/passwords";
import { db } from "@/lib/server/db";
import { median, round, timeEach } from "./support";

const PASSWORD = "a benchmark passphrase";
let ipSeq = 0;
const ctx = () => ({
  ip: `10.200.${Math.floor(++ipSeq / 250) % 250}.${ipSeq % 250}`,
  userAgent: "bench",
  requestId: null,
});

export async function benchLogin(samples = 15) {
  // One account and one address per sample, as for the unknown emails: no limiter, captcha or
  // lockout state ever differs between the two paths being compared.
  const hash = await hashPassword(PASSWORD);
  const accounts = await Promise.all(
    Array.from(
      { length: samples + 1 },
      async () =>
        (
          await db().user.create({
            data: {
              email: `bench-${randomUUID()}@bench.veil`,
              name: "Bench",
              role: "AGENT",
              passwordHash: hash,
              passwordChangedAt: new Date(),
            },
          })
        ).email,
    ),
  );
  const account = (i: number) => accounts[i]!;
  await attemptLogin({ email: account(0), password: PASSWORD }, ctx()); // warm-up
  const unknown = await timeEach(samples, () =>
    attemptLogin({ email: `nobody-${randomUUID()}@bench.veil`, password: "wrong" }, ctx()),
  );
  const wrong = await timeEach(samples, (i) =>
    attemptLogin({ email: account(i), password: "definitely wrong" }, ctx()),
  );
  const ok = await timeEach(samples, (i) =>
    attemptLogin({ email: account(i), password: PASSWORD }, ctx()).then((r) => {
      if (!r.ok) throw new Error(`bench login failed: ${r.code}`);
    }),
  );
  const bcryptOnly = await timeEach(samples, () => bcrypt.compare(PASSWORD, hash));
  const loginsPerSecond = 1000 / median(ok);
  const bcryptCeiling = 1000 / median(bcryptOnly);
  return {
    bcryptCost: Number(hash.split("$")[2]),
    samples,
    unknownEmailMedianMs: round(median(unknown)),
    wrongPasswordMedianMs: round(median(wrong)),
    unknownOverWrongRatio: round(median(unknown) / median(wrong), 3),
    successfulLoginMedianMs: round(median(ok)),
    loginsPerSecond: round(loginsPerSecond),
    bcryptOnlyComparesPerSecond: round(bcryptCeiling),
    loginsVsBcryptCeiling: round(loginsPerSecond / bcryptCeiling, 3),
  };
}

/** `total` transactions from `concurrency` workers at once; returns transactions per second. */
async function concurrently(total: number, concurrency: number, one: () => Promise<unknown>) {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) await one();
    }),
  );
  return total / ((performance.now() - start) / 1000);
}

/**
 * Audit appends as requests make them, against plain single-row inserts (each in its own
 * transaction) at the same concurrency, same run. The figure is events on their own
 * (`recordAudit`: sign-in failures, token grants, refusals), which commit in groups; an append
 * inside an action's transaction (`appendAudit`) is measured beside it, one transaction each.
 * "Sealed" counts until the chain covers every row.
 */
export async function benchAuditAppends(total = 2000, concurrency = 10) {
  const actor = { kind: "system" as const, name: "bench" };
  const standalone = () => recordAudit({ actor, action: testAction("bench.append") });
  const inTransaction = () =>
    db().$transaction((tx) => appendAudit(tx, { actor, action: testAction("bench.in_tx") }));
  const plain = () =>
    db().$transaction((tx) =>
      tx.alert.create({ data: { kind: "bench", severity: "low", message: "baseline insert" } }),
    );
  await concurrently(200, concurrency, standalone); // warm-up
  await concurrently(200, concurrency, inTransaction);
  await concurrently(200, concurrency, plain);
  await sealAuditChain();
  const sealStart = performance.now();
  const appendsPerSecond = await concurrently(total, concurrency, standalone);
  await sealAuditChain();
  const sealedPerSecond = total / ((performance.now() - sealStart) / 1000);
  const inTransactionPerSecond = await concurrently(total, concurrency, inTransaction);
  const plainPerSecond = await concurrently(total, concurrency, plain);
  const verify = await verifyAuditChain();
  if (!verify.ok) throw new Error(`audit chain broken during the bench: ${verify.reason}`);
  return {
    audit_appends_per_s: round(appendsPerSecond),
    audit_vs_plain_insert_ratio: round(appendsPerSecond / plainPerSecond, 3),
    sealedAppendsPerSecond: round(sealedPerSecond),
    inTransactionAppendsPerSecond: round(inTransactionPerSecond),
    inTransactionVsPlainRatio: round(inTransactionPerSecond / plainPerSecond, 3),
    plainInsertsPerSecond: round(plainPerSecond),
    concurrency,
    chainVerified: verify.checked,
  };
}
