// Second review, item 12: failures seen on the way. When every database connection is busy, a
// request waits in a bounded queue and then gets 503 with Retry-After (it used to be a 500 from
// Prisma's "Unable to start a transaction in the given time"); the audit sealer backs off under
// that pressure (its job is retried with back-off) and catches up after it; and the production build type-checks the app only, so
// a type error in a test file cannot stop `npm start`.
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listGET } from "@/app/api/v1/customers/route";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/server/audit/append";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { db } from "@/lib/server/db";
import { startJobRunner, stopJobRunner } from "@/lib/server/jobs/runner";
import { readerPartner } from "../support/partner-token";
import { servedRequest } from "../support/served-request";

/** Holds every connection of this process's pool in a transaction for `ms`. */
function saturatePool(ms: number) {
  const size = process.env.DATABASE_URL ? env().DATABASE_POOL_SIZE : 2;
  return Promise.all(
    Array.from({ length: size }, () =>
      db().$transaction((tx) => tx.$executeRawUnsafe(`SELECT pg_sleep(${ms / 1000})`), {
        maxWait: 20_000,
        timeout: ms + 20_000,
      }),
    ),
  );
}

describe("item 12: pressure gives 503s, never 500s, and the audit trail catches up", () => {
  // This process runs the background jobs, as the server does with VEIL_JOBS=inline.
  beforeAll(() => startJobRunner("worker"));
  afterAll(() => stopJobRunner());

  it("a partner request while the pool is saturated: 503 with Retry-After, then 200", async () => {
    const { token } = await readerPartner("Pressure partner");
    const list = () =>
      listGET(
        servedRequest("http://localhost/api/v1/customers?limit=5", {
          peer: "203.0.113.120",
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    expect((await list()).status).toBe(200);
    const held = saturatePool(9_000);
    await new Promise((r) => setTimeout(r, 300)); // every connection is taken
    // Audit rows appended meanwhile (their commit waits too) must be sealed once it is over.
    const appended = recordAudit({
      actor: { kind: "system", name: "pressure" },
      action: "audit.archive",
      detail: { archived: 0, throughSeq: null },
    }).catch((e: Error) => e);
    const res = await list();
    expect(res.status).toBe(503);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    await held;
    await appended;
    expect((await list()).status).toBe(200);
    // The seal job failed while starved, was retried with back-off, and sealed the backlog.
    await vi.waitFor(
      async () => expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 }),
      { timeout: 40_000, interval: 500 },
    );
  }, 90_000);

  it("the production build's type check covers the app, not the tests", () => {
    const files = execFileSync("node_modules/.bin/tsc", ["-p", "tsconfig.json", "--listFilesOnly"])
      .toString()
      .split("\n")
      .map((f) => f.replace(`${process.cwd()}/`, ""));
    expect(files.some((f) => f.startsWith("app/"))).toBe(true);
    expect(files.filter((f) => f.startsWith("tests/"))).toEqual([]);
  }, 60_000);
});
