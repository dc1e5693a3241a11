import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readiness } from "@/lib/server/health/readiness";
import { reloadEnv } from "@/lib/env";
import { startTcpProxy } from "../support/tcp-proxy";

// With REDIS_URL set, Redis is a dependency: /api/ready follows it down and back up.
const redisTarget = new URL(process.env.VEIL_TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let GET: (req: Request) => Promise<Response>;

beforeAll(async () => {
  proxy = await startTcpProxy({
    host: redisTarget.hostname,
    port: Number(redisTarget.port || 6379),
  });
  process.env.REDIS_URL = `redis://127.0.0.1:${proxy.port}`;
  reloadEnv();
  ({ GET } = await import("@/app/api/ready/route"));
});

afterAll(async () => {
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

describe("/api/ready with Redis configured", () => {
  it("reports Redis, goes 503 within 5 s when it is cut off, and 200 again when it returns", async () => {
    expect(await statusWithin(5000, 200)).toBe(200);
    expect((await readiness()).checks).toContainEqual({
      name: "redis",
      ok: true,
      detail: "reachable",
    });
    proxy.cut();
    expect(await statusWithin(5000, 503)).toBe(503);
    expect((await readiness()).checks).toContainEqual({
      name: "redis",
      ok: false,
      detail: "unreachable",
    });
    proxy.restore();
    expect(await statusWithin(10_000, 200)).toBe(200);
  }, 30_000);
});
