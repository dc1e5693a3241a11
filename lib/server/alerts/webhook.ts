import "server-only";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { postSigned } from "@/lib/server/webhook/client";
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
 * Sends what is due: undelivered alerts whose next attempt has come. They are claimed first with
 * a short lease (SKIP LOCKED, so instances never take the same rows), then sent outside any
 * transaction: a slow receiver holds no locks. Returns how many were delivered.
 */
export async function deliverDueAlerts(): Promise<number> {
  const url = webhookTarget();
  const secret = env().VEIL_ALERT_WEBHOOK_SECRET;
  if (!url || !secret) return 0;
  const due = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Due[]>`
      SELECT "id", "at", "kind", "severity", "message", "subjectType", "deliveryAttempts"
      FROM "Alert"
      WHERE "deliveredAt" IS NULL AND "deliveryAttempts" < ${MAX_ATTEMPTS}
        AND ("nextDeliveryAt" IS NULL OR "nextDeliveryAt" <= now())
      ORDER BY "at" LIMIT 20 FOR UPDATE SKIP LOCKED`;
    if (rows.length)
      await tx.alert.updateMany({
        where: { id: { in: rows.map((r) => r.id) } },
        data: { nextDeliveryAt: new Date(Date.now() + 120_000) }, // the lease
      });
    return rows;
  });
  let delivered = 0;
  for (const a of due) {
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
    if (ok) delivered++;
  }
  return delivered;
}

const KEY = Symbol.for("veil.alertWebhook");
type Dispatcher = { timer: NodeJS.Timeout | null; poll?: NodeJS.Timeout };
const dispatcher = () => ((globalThis as { [KEY]?: Dispatcher })[KEY] ??= { timer: null });

function run() {
  deliverDueAlerts().catch((err: Error) =>
    logger().warn({ err: err.message }, "alert webhook dispatch failed"),
  );
}

/** Delivery shortly after an alert is raised (after its transaction has committed). */
export function deliverAlertsSoon() {
  if (!env().VEIL_ALERT_WEBHOOK_URL) return;
  const d = dispatcher();
  if (d.timer) return;
  d.timer = setTimeout(() => {
    d.timer = null;
    run();
  }, 250);
  d.timer.unref();
}

/** The server's poll for retries and for alerts raised by other instances. */
export function startAlertDelivery(intervalMs = 5000) {
  if (!env().VEIL_ALERT_WEBHOOK_URL) return;
  const d = dispatcher();
  if (d.poll) return;
  d.poll = setInterval(run, intervalMs);
  d.poll.unref();
}
