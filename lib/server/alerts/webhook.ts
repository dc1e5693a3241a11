import "server-only";
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import ipaddr from "ipaddr.js";
import { env } from "@/lib/env";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";

// Alerts POSTed to an operator's webhook: from an outbox (the Alert rows themselves), so only
// committed alerts leave, a slow or dead receiver never delays the request that raised one, and
// deliveries survive restarts. Signed with HMAC over a timestamp and the body (replay-safe
// recipe in docs/security.md); retried with exponential back-off; the receiver's address is
// checked at connection time (no private or loopback targets unless allowed: SSRF guard).

export const SIGNATURE_HEADER = "Veil-Signature";
export const DELIVERY_HEADER = "Veil-Delivery";
const BACKOFF_SECONDS = [5, 30, 120, 600, 1800, 3600];
const MAX_ATTEMPTS = BACKOFF_SECONDS.length + 1;
const TIMEOUT_MS = 5000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` */
export function signDelivery(secret: string, body: string, at = Date.now()) {
  const t = Math.floor(at / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return `t=${t},v1=${v1}`;
}

/** The receiver's side of the recipe: signature valid and not older than `toleranceSeconds`. */
export function verifyDelivery(
  secret: string,
  header: string | null,
  body: string,
  now = Date.now(),
  toleranceSeconds = 300,
): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, "hex"));
}

export class WebhookTargetError extends Error {}

/** The configured target, or the reason it is refused (scheme, credentials in the URL). */
export function webhookTarget(): URL | null {
  const raw = env().VEIL_ALERT_WEBHOOK_URL;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebhookTargetError("VEIL_ALERT_WEBHOOK_URL is not a URL.");
  }
  if (url.protocol !== "https:" && !(privateTargetsAllowed() && url.protocol === "http:"))
    throw new WebhookTargetError("VEIL_ALERT_WEBHOOK_URL must use https.");
  if (url.username || url.password)
    throw new WebhookTargetError("VEIL_ALERT_WEBHOOK_URL must not carry credentials.");
  return url;
}

/** Refuses private, loopback, link-local and other non-public addresses (unless allowed). */
export function publicAddress(address: string): boolean {
  try {
    const ip = ipaddr.process(address);
    return ip.range() === "unicast";
  } catch {
    return false;
  }
}

const privateTargetsAllowed = () =>
  env().VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE || env().NODE_ENV === "development";

const privateTarget = () =>
  Object.assign(new Error("webhook host is a private address"), { code: "EPRIVATE" });

/**
 * A host written as an IP literal never reaches the lookup below, so it is checked here, the same
 * way (IPv4-mapped IPv6 included: `ipaddr.process` unwraps it). URL parsing has already
 * normalised odd spellings (`0x7f.1`, `2130706433`) to dotted IPv4.
 */
function literalHostAllowed(url: URL): boolean {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!net.isIP(host)) return true; // a name: checked on each resolved address
  return privateTargetsAllowed() || publicAddress(host);
}

/** DNS lookup that refuses non-public answers: checked on the address actually connected to. */
function guardedLookup(
  hostname: string,
  options: object,
  callback: (
    err: NodeJS.ErrnoException | null,
    address: string | LookupAddress[],
    family?: number,
  ) => void,
) {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const allowed = privateTargetsAllowed();
    const ok = list.filter((a) => allowed || publicAddress(a.address));
    if (!ok.length) return callback(privateTarget(), []);
    const wantsAll = (options as { all?: boolean }).all;
    if (wantsAll) return callback(null, ok);
    callback(null, ok[0]!.address, ok[0]!.family);
  });
}

function post(url: URL, body: string, headers: Record<string, string>): Promise<number> {
  if (!literalHostAllowed(url)) return Promise.reject(privateTarget());
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(
      url,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          ...headers,
        },
        lookup: guardedLookup as never,
        timeout: TIMEOUT_MS,
      },
      (res) => {
        res.resume(); // the body is not needed; the status says it all
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(new Error("webhook timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/** One signed delivery; true when the receiver answered 2xx. */
async function postSigned(url: URL, secret: string, body: string): Promise<boolean> {
  const status = await post(url, body, {
    [SIGNATURE_HEADER]: signDelivery(secret, body),
    [DELIVERY_HEADER]: randomUUID(),
  });
  return status >= 200 && status < 300;
}

/**
 * Sends a signed audit checkpoint to the webhook too (when one is configured), so a copy lives
 * with the receiver. Best effort with a few quick retries: the log line and the anchor file are
 * written regardless, and the next checkpoint supersedes this one.
 */
export async function sendCheckpoint(checkpoint: object): Promise<boolean> {
  const url = webhookTarget();
  const secret = env().VEIL_ALERT_WEBHOOK_SECRET;
  if (!url || !secret) return false;
  const body = JSON.stringify({ type: "audit.checkpoint", checkpoint });
  for (const wait of [0, 1000, 5000]) {
    if (wait) await new Promise((r) => setTimeout(r, wait));
    const ok = await postSigned(url, secret, body).catch((err: Error) => {
      logger().warn({ err: err.message }, "checkpoint webhook failed");
      return false;
    });
    if (ok) return true;
  }
  return false;
}

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
