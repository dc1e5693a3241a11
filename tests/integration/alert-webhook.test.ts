import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { configureEnv } from "../support/configure-env";
import { deliverDueAlerts } from "@/lib/server/alerts/webhook";
import { verifyDelivery } from "@/lib/server/webhook/signature";
import { publicAddress, webhookTarget, WebhookTargetError } from "@/lib/server/webhook/target";
import { anchorAuditChain } from "@/lib/server/audit/anchor";
import { db } from "@/lib/server/db";
import { raiseLockoutAlert as raiseAlert } from "../support/alerts";

const SECRET = "webhook-secret-for-tests-0123456789abcdef";
type Received = { headers: http.IncomingHttpHeaders; body: string };
const received: Received[] = [];
let status = 200;
let server: http.Server;
let port = 0;

async function raiseLockoutAlert() {
  return (await raiseAlert()).alert;
}

/**
 * The alert's row once a delivery attempt has finished — whoever made it: raising an alert also
 * schedules the server's own dispatch, which may claim the row before the test's call does.
 */
function settled(id: string, attempts = 1) {
  return vi.waitFor(
    async () => {
      const row = await db().alert.findUniqueOrThrow({ where: { id } });
      expect(row.deliveryAttempts).toBeGreaterThanOrEqual(attempts);
      return row;
    },
    { timeout: 10_000, interval: 50 },
  );
}

/** Delivers until nothing more is due (other tests' alerts are in the outbox too). */
async function drain() {
  for (let i = 0; i < 50 && (await deliverDueAlerts()) > 0; i++);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  configureEnv({
    VEIL_ALERT_WEBHOOK_URL: undefined,
    VEIL_ALERT_WEBHOOK_SECRET: undefined,
    VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: undefined,
  });
  await new Promise((r) => server.close(r));
});
beforeEach(async () => {
  // Other tests' alerts sit in this project's outbox: only this test's alerts are due.
  await db().alert.updateMany({ where: { deliveredAt: null }, data: { deliveredAt: new Date() } });
  received.length = 0;
  status = 200;
  configureEnv({
    VEIL_ALERT_WEBHOOK_URL: `http://127.0.0.1:${port}/hooks/veil`,
    VEIL_ALERT_WEBHOOK_SECRET: SECRET,
    VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: "true",
  });
});

describe("alert webhook", () => {
  it("POSTs a committed alert, signed over a timestamp and the body, without whom it is about", async () => {
    const alert = await raiseLockoutAlert();
    await drain();
    expect((await settled(alert.id)).deliveredAt).not.toBeNull();
    const mine = received.find((r) => JSON.parse(r.body).alert.id === alert.id)!;
    expect(mine).toBeDefined();
    expect(JSON.parse(mine.body)).toEqual({
      type: "alert.raised",
      alert: {
        id: alert.id,
        at: alert.at.toISOString(),
        kind: "account_locked",
        severity: "high",
        message: alert.message,
        subjectType: "user",
      },
    });
    expect(mine.body).not.toContain(alert.subjectId!);
    const signature = mine.headers["veil-signature"] as string;
    expect(verifyDelivery(SECRET, signature, mine.body)).toBe(true);
    // A replay later than the tolerance, a changed body or another secret fail the recipe.
    expect(verifyDelivery(SECRET, signature, mine.body, Date.now() + 10 * 60_000)).toBe(false);
    expect(verifyDelivery(SECRET, signature, mine.body.replace("high", "low"))).toBe(false);
    expect(verifyDelivery(`${SECRET}x`, signature, mine.body)).toBe(false);
    expect(mine.headers["veil-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).deliveredAt,
    ).not.toBeNull();
    // Delivered once: nothing more is sent for it.
    received.length = 0;
    await drain();
    expect(received.filter((r) => JSON.parse(r.body).alert.id === alert.id)).toEqual([]);
  });

  it("retries a failed delivery later with back-off, never at once", async () => {
    await drain();
    status = 503;
    const alert = await raiseLockoutAlert();
    await deliverDueAlerts();
    const failed = await settled(alert.id);
    expect(failed.deliveredAt).toBeNull();
    expect(failed.deliveryAttempts).toBe(1);
    expect(failed.nextDeliveryAt!.getTime()).toBeGreaterThan(Date.now() + 3000);
    received.length = 0;
    status = 200;
    await deliverDueAlerts(); // not due yet
    expect(received).toEqual([]);
    await db().alert.update({ where: { id: alert.id }, data: { nextDeliveryAt: new Date() } });
    await drain();
    // Now due, it is delivered: by this drain, or by the background dispatcher if that claimed it
    // first (its lease then keeps the drain off it, and its delivery may still be in flight).
    await vi.waitFor(
      async () =>
        expect(
          (await db().alert.findUniqueOrThrow({ where: { id: alert.id } })).deliveredAt,
        ).not.toBeNull(),
      { timeout: 10_000, interval: 50 },
    );
    expect(received.map((r) => JSON.parse(r.body).alert?.id)).toContain(alert.id);
  });

  it("sends each signed audit checkpoint to the receiver too", async () => {
    configureEnv({ VEIL_AUDIT_ANCHOR_KEY: Buffer.alloc(32, 3).toString("base64url") });
    try {
      const anchor = (await anchorAuditChain())!;
      const delivery = received.find((r) => JSON.parse(r.body).type === "audit.checkpoint")!;
      expect(JSON.parse(delivery.body)).toEqual({ type: "audit.checkpoint", checkpoint: anchor });
      expect(
        verifyDelivery(SECRET, delivery.headers["veil-signature"] as string, delivery.body),
      ).toBe(true);
    } finally {
      configureEnv({ VEIL_AUDIT_ANCHOR_KEY: undefined });
    }
  });

  it("refuses a non-HTTPS target and private or loopback addresses (SSRF guard)", async () => {
    configureEnv({ VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: undefined });
    expect(() => webhookTarget()).toThrow(WebhookTargetError);
    configureEnv({ VEIL_ALERT_WEBHOOK_URL: `https://user:pw@example.com/hook` });
    expect(() => webhookTarget()).toThrow(/credentials/);
    // A name that resolves to loopback is refused at connection time: nothing is sent.
    configureEnv({ VEIL_ALERT_WEBHOOK_URL: `https://localhost:${port}/hooks/veil` });
    const alert = await raiseLockoutAlert();
    await db().alert.updateMany({
      where: { deliveredAt: null, id: { not: alert.id } },
      data: { deliveredAt: new Date() },
    });
    await deliverDueAlerts();
    expect((await settled(alert.id)).deliveryAttempts).toBe(1);
    expect(received).toEqual([]);
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "192.168.0.1",
      "169.254.169.254",
      "::1",
      "::ffff:127.0.0.1",
      "fd00::1",
    ])
      expect(publicAddress(address), address).toBe(false);
    expect(publicAddress("93.184.216.34")).toBe(true);
  });
});
