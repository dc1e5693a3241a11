import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { db } from "@/lib/server/db";
import { SUPERVISE_S } from "@/lib/server/jobs/runner";
import { startInstance as spawnInstance } from "../support/app-instance-process";

// Production shape on PostgreSQL and Redis: two app instances that only ask for jobs
// (VEIL_JOBS=external) and two `veil worker` processes, one of them killed with SIGKILL in the
// middle of a webhook delivery while the instances keep raising audited alerts. Afterwards every
// audit row is sealed once in one verifying chain, every alert reached the receiver, and the only
// alert it saw twice is the one whose delivery the killed worker had in flight — with the same id.

const REDIS_URL = process.env.VEIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const LEASE_S = 5;
const TAG = `takeover-${randomUUID().slice(0, 8)}`;

type Received = { alertId: string; message: string; delivery: string; at: number };

/** The operator's webhook receiver: records every delivery; can hold the next one unanswered. */
async function startReceiver() {
  const received: Received[] = [];
  let holdNext = false;
  let held: ((r: Received) => void) | null = null;
  const heldOne = new Promise<Received>((resolve) => (held = resolve));
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      // Alerts only: a worker may also send a signed audit checkpoint on a minute boundary.
      const { alert } = JSON.parse(body) as { alert?: { id: string; message: string } };
      if (!alert) return void res.writeHead(204).end();
      const r = {
        alertId: alert.id,
        message: alert.message,
        delivery: String(req.headers["veil-delivery"]),
        at: Date.now(),
      };
      received.push(r);
      if (holdNext && alert.message.startsWith(TAG)) {
        holdNext = false;
        held?.(r); // never answered: its sender is killed while it waits
        return;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    holdNextDelivery: () => ((holdNext = true), heldOne),
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

/** `veil worker` as an operator starts it; resolves once it says it has started. */
function startWorker(env: Record<string, string>) {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/veil.ts", "worker"],
    { env: { ...process.env, ...env, LOG_LEVEL: "info" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(child);
  let log = "";
  const started = new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (c: Buffer) => {
      log += c;
      if (log.includes('"worker started"')) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited ${code}: ${log.slice(-2000)}`)));
  });
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  return { child, started, exited, log: () => log };
}

async function until<T>(what: string, fn: () => Promise<T | false>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("background jobs with two app instances and two workers", () => {
  it("a worker killed mid-delivery is taken over: every row sealed once, every alert delivered, the repeat with the same id", async () => {
    const receiver = await startReceiver();
    const env = {
      REDIS_URL,
      VEIL_JOB_LEASE_S: String(LEASE_S),
      VEIL_ALERT_WEBHOOK_URL: receiver.url,
      VEIL_ALERT_WEBHOOK_SECRET: randomBytes(32).toString("base64url"),
      VEIL_ALERT_WEBHOOK_ALLOW_PRIVATE: "true",
      VEIL_RETENTION_SCHEDULE: "off",
    };
    try {
      const first = startWorker(env);
      await first.started;
      const [a, b] = [0, 1].map(() => {
        const instance = spawnInstance({ ...env, VEIL_JOBS: "external" });
        children.push(instance.child);
        return instance;
      });

      // The first delivery is held: the only worker is now inside an alerts-deliver job.
      const holding = receiver.holdNextDelivery();
      expect(await a!.send({ op: "raise", count: 3, tag: `${TAG} early` })).toBe(3);
      const inFlight = await holding;

      const second = startWorker(env);
      await second.started;
      first.child.kill("SIGKILL");
      const killedAt = Date.now();
      expect(await first.exited).toBe(null); // killed, not exited

      // Load on both instances while the survivor takes over.
      const raised = await Promise.all(
        [a!, b!].flatMap((inst, n) =>
          [0, 1, 2, 3].map((round) =>
            inst.send({ op: "raise", count: 5, tag: `${TAG} load ${n}-${round}` }),
          ),
        ),
      );
      expect(raised.reduce((s: number, r) => s + Number(r), 0)).toBe(40);

      const alerts = await db().alert.findMany({
        where: { kind: "test_takeover", message: { startsWith: TAG } },
        select: { id: true },
      });
      expect(alerts).toHaveLength(43);
      await until(
        "every alert delivered",
        async () =>
          (await db().alert.count({
            where: { kind: "test_takeover", message: { startsWith: TAG }, deliveredAt: null },
          })) === 0,
        60_000,
      );
      await until(
        "every audit row sealed",
        async () => (await db().auditEvent.count({ where: { seq: null } })) === 0,
        60_000,
      );

      // Every alert reached the receiver; only the one in flight at the kill came twice, as the
      // same alert (its id) in a new attempt (a new delivery id).
      const ours = receiver.received.filter((r) => r.message.startsWith(TAG));
      const byAlert = new Map<string, Received[]>();
      for (const r of ours) byAlert.set(r.alertId, [...(byAlert.get(r.alertId) ?? []), r]);
      expect(new Set(byAlert.keys())).toEqual(new Set(alerts.map((x) => x.id)));
      const repeated = [...byAlert].filter(([, rs]) => rs.length > 1);
      expect(repeated.map(([id]) => id)).toEqual([inFlight.alertId]);
      const [again] = repeated[0]![1].slice(1);
      expect(again!.delivery).not.toBe(inFlight.delivery);
      const takeoverS = (again!.at - killedAt) / 1000;
      console.log(
        `jobs takeover: in-flight alert re-delivered ${takeoverS.toFixed(1)} s after SIGKILL`,
      );
      // The stated bound: the claim's lease, then the next delivery job (asked for by the load).
      expect(takeoverS).toBeLessThan(LEASE_S + SUPERVISE_S + 2);

      // The killed worker's job itself was taken over by the runner (expired, retried, done).
      await until(
        "the killed worker's job retried",
        async () =>
          (
            await db().$queryRaw<{ n: bigint }[]>`
              SELECT count(*) AS n FROM veil_jobs.job
              WHERE name = 'alerts-deliver' AND state = 'completed' AND retry_count > 0`
          )[0]!.n > 0n,
        LEASE_S * 1000 + SUPERVISE_S * 1000 + 10_000,
      );

      // One chain, every row in it once, verifying end to end.
      const report = await verifyAuditChain();
      expect(report.ok).toBe(true);
      const [rows] = await db().$queryRaw<{ sealed: bigint; distinct: bigint }[]>`
        SELECT count(*) AS sealed, count(DISTINCT seq) AS distinct FROM "AuditEvent"`;
      expect(rows!.sealed).toBe(rows!.distinct);

      // The survivor stops cleanly on SIGTERM (running jobs finish first).
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
      a!.stop();
      b!.stop();
    } finally {
      await receiver.close();
    }
  }, 180_000);
});
