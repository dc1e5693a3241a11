// Second review, item 8: the webhook's SSRF guard covers literal addresses. The guard ran only
// inside the DNS lookup, so a URL whose host is an IP literal (loopback, the cloud metadata
// address, an IPv4-mapped IPv6 address) was connected to without any check.
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureEnv } from "../support/configure-env";
import { deliverDueAlerts } from "@/lib/server/alerts/webhook";
import { sendCheckpoint } from "@/lib/server/audit/anchor";
import { db } from "@/lib/server/db";
import { raiseLockoutAlert } from "../support/alerts";

let connections = 0;
let server: net.Server;
let port = 0;

beforeAll(async () => {
  // Any TCP connection at all is the SSRF: the guard must refuse before connecting.
  server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "::", r)); // dual-stack: v4 and v6 loopback
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  configureEnv({ VEIL_ALERT_WEBHOOK_URL: undefined, VEIL_ALERT_WEBHOOK_SECRET: undefined });
  await new Promise((r) => server.close(r));
});

describe("item 8: literal private addresses are refused before connecting", () => {
  for (const host of ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0x7f.1"]) {
    it(`https://${host}:…/ gets no connection`, async () => {
      configureEnv({
        VEIL_ALERT_WEBHOOK_URL: `https://${host}:${port}/hook`,
        VEIL_ALERT_WEBHOOK_SECRET: "webhook-secret-for-tests-0123456789abcdef",
        VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: undefined,
      });
      await db().alert.updateMany({
        where: { deliveredAt: null },
        data: { deliveredAt: new Date() },
      });
      const before = connections;
      const { alert } = await raiseLockoutAlert();
      for (let i = 0; i < 3; i++) await deliverDueAlerts();
      // The checkpoint copy takes the same road (it retries for ~6 s, so once is enough).
      if (host === "127.0.0.1") expect(await sendCheckpoint({ seq: 1 })).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
      expect(connections - before).toBe(0);
      const row = await db().alert.findUniqueOrThrow({ where: { id: alert.id } });
      expect(row.deliveredAt).toBeNull();
    }, 30_000);
  }
});
