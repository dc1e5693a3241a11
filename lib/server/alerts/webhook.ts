import "server-only";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { requestJob } from "@/lib/server/jobs/runner";
import { logger } from "@/lib/server/log";
import { postSigned, WEBHOOK_TIMEOUT_MS } from "@/lib/server/webhook/client";
import { webhookTarget } from "@/lib/server/webhook/target";

// Alerts POSTed to an operator's webhook: from an outbox (the Alert rows themselves), so only
// committed alerts leave, a slow or dead receiver never delays the request that raised one, and
// deliveries survive restarts. Signed with HMAC over a timestamp and the body (replay-safe
// recipe in docs/security.md); retried with exponential back-off; the receiver's address is
// checked at connection time (no private or loopback targets unless allowed: SSRF guard).

const BACKOFF_SECONDS = [5, 30, 120, 600, 1800, 3600];
const MAX_ATTEMPTS = BACKOFF_SECONDS.length + 1;

type Due = {
  id: string;
  at: Date;
  kind: string;
  severity: string;
  message: string;
  subjectType: string | null;
  deliveryAttempts: number;
};

/**
 * Sends what is due: undelivered alerts whose next attempt has come, a few at a time. Each few is
 * claimed first with a lease (SKIP LOCKED, so workers never take the same rows), then sent
 * outside any transaction: a slow receiver holds no locks. A few is what can be sent well inside
 * the lease even if every receiver times out, so a claim never expires under a live sender.
 * Returns how many were delivered.
 */
export async function deliverDueAlerts(): Promise<number> {
  const url = webhookTarget();
  const secret = env().VEIL_ALERT_WEBHOOK_SECRET;
  if (!url || !secret) return 0;
  const leaseMs = env().VEIL_JOB_LEASE_S * 1000;
  const few = Math.max(1, Math.floor(leaseMs / (2 * WEBHOOK_TIMEOUT_MS)));
  let delivered = 0;
  for (;;) {
    const due = await claimDue(few, leaseMs);
    for (const a of due) if (await deliver(url, secret, a)) delivered++;
    if (due.length < few) return delivered;
  }
}

async function claimDue(few: number, leaseMs: number): Promise<Due[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Due[]>`
      SELECT "id", "at", "kind", "severity", "message", "subjectType", "deliveryAttempts"
      FROM "Alert"
      WHERE "deliveredAt" IS NULL AND "deliveryAttempts" < ${MAX_ATTEMPTS}
        AND ("nextDeliveryAt" IS NULL OR "nextDeliveryAt" <= now())
      ORDER BY "at" LIMIT ${few} FOR UPDATE SKIP LOCKED`;
    if (rows.length)
      await tx.alert.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        // The lease: a worker that dies mid-delivery leaves them to another after it.
        data: { nextDeliveryAt: new Date(Date.now() + leaseMs) },
      });
    return rows;
  });
}

/** One attempt; the outcome recorded on the row (delivered, or the next try after back-off). */
async function deliver(url: URL, secret: string, a: Due): Promise<boolean> {
  // Whom an alert is about stays in Veil: the receiver gets its kind, not its id.
  const body = JSON.stringify({
    type: "alert.raised",
    alert: {
      id: a.id,
      at: a.at.toISOString(),
      kind: a.kind,
      severity: a.severity,
      message: a.message,
      subjectType: a.subjectType,
    },
  });
  const ok = await postSigned(url, secret, body).catch((err: Error) => {
    logger().warn({ alertId: a.id, err: err.message }, "alert webhook failed");
    return false;
  });
  const attempts = a.deliveryAttempts + 1;
  await db().alert.update({
    where: { id: a.id },
    data: ok
      ? { deliveredAt: new Date(), deliveryAttempts: attempts, nextDeliveryAt: null }
      : {
          deliveryAttempts: attempts,
          nextDeliveryAt: new Date(Date.now() + (BACKOFF_SECONDS[attempts - 1] ?? 3600) * 1000),
        },
  });
  return ok;
}

/**
 * When the outbox next has something due that is not due now: a retry after back-off, or a claim
 * whose worker died and whose lease ends then. Null when nothing waits.
 */
export async function nextAlertDue(): Promise<Date | null> {
  const [row] = await db().$queryRaw<{ next: Date | null }[]>`
    SELECT min("nextDeliveryAt") AS next FROM "Alert"
    WHERE "deliveredAt" IS NULL AND "deliveryAttempts" < ${MAX_ATTEMPTS}
      AND "nextDeliveryAt" > now()`;
  return row?.next ?? null;
}

/** Delivery shortly after an alert is raised, by a job (after its transaction has committed). */
export function deliverAlertsSoon() {
  if (env().VEIL_ALERT_WEBHOOK_URL) requestJob("alerts-deliver");
}
