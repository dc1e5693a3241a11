import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { raiseAlert } from "@/lib/server/alerts/raise";
import { appendAudit } from "@/lib/server/audit/append";
import { db } from "@/lib/server/db";
import { startJobRunner, stopJobRunner } from "@/lib/server/jobs/runner";

// The one-process install (`npm start`, VEIL_JOBS=inline) on each database: the server's own job
// runner seals what is appended and delivers what is raised, with nobody calling either, and
// keeps the schedules the settings ask for.

const received: string[] = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    // Alerts only: the runner may also send a signed audit checkpoint on a minute boundary.
    const { alert } = JSON.parse(body) as { alert?: { message: string } };
    if (alert) received.push(alert.message);
    res.writeHead(204).end();
  });
});
const saved = { ...process.env };

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  Object.assign(process.env, {
    VEIL_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    VEIL_ALERT_WEBHOOK_SECRET: randomBytes(32).toString("base64url"),
    VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: "true",
    VEIL_RETENTION_SCHEDULE: "15 2 * * *",
  });
  reloadEnv();
  await startJobRunner("worker");
});
afterAll(async () => {
  await stopJobRunner();
  process.env = saved;
  reloadEnv();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("background jobs in the server process", () => {
  it("seal an appended audit row and deliver a raised alert without anyone asking", async () => {
    const tag = `inline-${randomUUID().slice(0, 8)}`;
    const id = await db().$transaction(async (tx) => {
      await raiseAlert(tx, { kind: "test_inline", severity: "low", message: tag });
      await appendAudit(tx, {
        actor: { kind: "system", name: "test" },
        action: "alert.settings_change",
        detail: { changed: { [tag]: 1 } },
      });
      return (await tx.alert.findFirstOrThrow({ where: { message: tag } })).id;
    });
    await until("the row sealed", async () => {
      const rows = await db().auditEvent.findMany({
        where: { action: "alert.settings_change", seq: { not: null } },
        select: { detail: true },
      });
      return rows.some((r) => JSON.stringify(r.detail).includes(tag));
    });
    await until("the alert delivered", async () => received.includes(tag));
    expect((await db().alert.findUniqueOrThrow({ where: { id } })).deliveredAt).not.toBeNull();
  });

  it("keep the schedules the settings ask for, once each", async () => {
    const schedules = await db().$queryRaw<{ name: string; cron: string }[]>`
      SELECT name, cron FROM veil_jobs.schedule ORDER BY name`;
    expect(schedules).toEqual([
      { name: "alerts-deliver", cron: "* * * * *" },
      { name: "audit-seal", cron: "* * * * *" },
      { name: "retention-run", cron: "15 2 * * *" },
    ]);
  });
});
