// Fault injection: the database and Redis cut off under traffic (through loopback proxies, so the
// shared servers keep running). The promise: clear refusals while a dependency is down (never a
// bare 500, never serving without limits), nothing lost, and recovery without a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listGET } from "@/app/api/v1/customers/route";
import { reloadEnv } from "@/lib/env";
import { attemptLogin } from "@/lib/server/auth/login";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { db } from "@/lib/server/db";
import { readerPartner } from "../support/partner-token";
import { makeUser, TEST_PASSWORD } from "../support/principals";
import { startTcpProxy } from "../support/tcp-proxy";
import { servedRequest } from "../support/served-request";

type Proxy = Awaited<ReturnType<typeof startTcpProxy>>;
let database: Proxy;
let redis: Proxy;

beforeAll(async () => {
  // The app reaches both stores only through these proxies from here on.
  const key = process.env.DATABASE_URL ? "DATABASE_URL" : "VEIL_EMBEDDED_DATABASE_URL";
  const dbUrl = new URL(process.env[key]!);
  const port = Number(dbUrl.port || 5432);
  // The embedded database listens on a private Unix socket (`?host=/dir`), PostgreSQL on TCP.
  const socketDir = dbUrl.searchParams.get("host");
  database = await startTcpProxy(
    socketDir?.startsWith("/")
      ? { path: `${socketDir}/.s.PGSQL.${port}` }
      : { host: dbUrl.hostname, port },
  );
  dbUrl.searchParams.delete("host");
  dbUrl.host = `127.0.0.1:${database.port}`;
  process.env[key] = dbUrl.toString();
  const redisUrl = new URL(process.env.VEIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  redis = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
  process.env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
  reloadEnv();
});

afterAll(async () => {
  await database.close();
  await redis.close();
});

const list = (token: string) =>
  listGET(
    servedRequest("http://localhost/api/v1/customers?limit=5", {
      headers: { authorization: `Bearer ${token}` },
    }),
  );

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  let last = await fn();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await fn();
  }
  return last;
}

describe("Redis stopped", () => {
  it("sign-in fails closed with a clear error, the partner API refuses with 503, both recover", async () => {
    const { user } = await makeUser("AGENT");
    const { token } = await readerPartner("Faults");
    const ctx = { ip: "10.9.8.7", userAgent: "vitest", requestId: null };
    expect((await list(token)).status).toBe(200);

    redis.cut();
    try {
      // The right password does not get in while the limits cannot be checked.
      const refused = await attemptLogin({ email: user.email, password: TEST_PASSWORD }, ctx);
      expect(refused).toEqual({ ok: false, code: "UNAVAILABLE" });
      const res = await list(token);
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(res.headers.get("retry-after")).toBeTruthy();
      expect(await res.text()).not.toMatch(/\n\s+at |redis|ECONN/i);
    } finally {
      redis.restore();
    }
    const back = await eventually(
      () => attemptLogin({ email: user.email, password: TEST_PASSWORD }, ctx),
      (r) => r.ok,
    );
    expect(back.ok).toBe(true);
    expect(
      (
        await eventually(
          () => list(token),
          (r) => r.status === 200,
        )
      ).status,
    ).toBe(200);
  }, 60_000);
});

describe("PostgreSQL cut off under load", () => {
  it("answers 200 or 503 problem+json throughout, loses no audit row, and the chain verifies", async () => {
    const { partnerId, token } = await readerPartner("Faults");
    const before = await db().auditEvent.count({
      where: { actorId: partnerId, action: "customer.list" },
    });
    const statuses: number[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const res = await list(token);
        statuses.push(res.status);
        if (res.status !== 200) {
          expect(res.headers.get("content-type")).toBe("application/problem+json");
          expect(await res.text()).not.toMatch(/\n\s+at /);
        } else await res.arrayBuffer();
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((r) => setTimeout(r, 1000));
    database.cut();
    await new Promise((r) => setTimeout(r, 1500)).finally(() => database.restore());
    await new Promise((r) => setTimeout(r, 2500));
    running = false;
    await Promise.all(workers);

    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    const served = statuses.filter((s) => s === 200).length;
    // Every page served has its audit row (a statement that committed as the line was cut may
    // have a row and no answer: never the other way round).
    const rows =
      (await db().auditEvent.count({ where: { actorId: partnerId, action: "customer.list" } })) -
      before;
    expect(rows).toBeGreaterThanOrEqual(served);
    expect(rows).toBeLessThanOrEqual(statuses.length);
    await sealAuditChain();
    expect((await verifyAuditChain()).ok).toBe(true);
  }, 60_000);
});
