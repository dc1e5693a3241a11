import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reloadEnv } from "@/lib/env";
import { readiness } from "@/lib/server/health/readiness";
import { databaseUrl, disconnectDb } from "@/lib/server/db";
import { startTcpProxy } from "../support/tcp-proxy";

// The app talks to its database through a proxy that the test cuts and restores, like a
// PostgreSQL restart: /api/ready must go 503 quickly and come back without an app restart.
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let GET: (req: Request) => Promise<Response>;

beforeAll(async () => {
  const real = new URL(databaseUrl());
  const socketDir = real.searchParams.get("host");
  proxy = await startTcpProxy(
    socketDir
      ? { path: path.join(socketDir, ".s.PGSQL.5432") }
      : { host: real.hostname, port: Number(real.port || 5432) },
  );
  const viaProxy = new URL(`postgresql://postgres@127.0.0.1:${proxy.port}${real.pathname}`);
  process.env.DATABASE_URL = viaProxy.toString();
  process.env.DATABASE_STATEMENT_TIMEOUT_MS = "2000";
  reloadEnv();
  await disconnectDb();
  ({ GET } = await import("@/app/api/ready/route"));
});

afterAll(async () => {
  await disconnectDb();
  await proxy.close();
});

async function statusWithin(ms: number, wanted: number) {
  const deadline = Date.now() + ms;
  let last = 0;
  while (Date.now() < deadline) {
    last = (await GET(new Request("http://localhost/api/ready"))).status;
    if (last === wanted) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  return last;
}

describe("/api/ready", () => {
  it("is 200 with the database reachable and migrated", async () => {
    const res = await GET(new Request("http://localhost/api/ready"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: expect.stringMatching(/^ready/) });
  });

  it("turns 503 problem+json within 5 s of losing the database, then 200 again when it returns", async () => {
    proxy.cut();
    expect(await statusWithin(5000, 503)).toBe(503);
    const down = await GET(new Request("http://localhost/api/ready"));
    expect(down.headers.get("content-type")).toBe("application/problem+json");
    const body = await down.json();
    // Anonymous callers learn only that it is not ready; the detail is in the log.
    expect(body.checks).toBeUndefined();
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONN|stack|database/);
    expect((await readiness()).checks).toContainEqual({
      name: "database",
      ok: false,
      detail: "unreachable",
    });
    proxy.restore();
    expect(await statusWithin(10_000, 200)).toBe(200);
  });
});
