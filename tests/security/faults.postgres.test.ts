// Fault injection on a real PostgreSQL server (PostgreSQL projects only: PGlite runs inside the
// app): a clean restart and a crash (immediate shutdown, WAL replay on start) under partner
// traffic. The promise: clear 503s while it is down, recovery without restarting Veil, no page
// served without its audit row surviving the crash, and a chain that verifies afterwards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listGET } from "@/app/api/v1/customers/route";
import { POST as tokenPOST } from "@/app/api/v1/oauth/token/route";
import { reloadEnv } from "@/lib/env";
import { sealAuditChain } from "@/lib/server/audit/seal";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { db, disconnectDb } from "@/lib/server/db";
import { scratchPostgres, type ScratchDatabase } from "../../scripts/lib/scratch-database";
import { readerPartner } from "../support/partner-token";
import { startPrivatePostgres } from "../support/private-postgres";
import { servedRequest } from "../support/served-request";

let server: Awaited<ReturnType<typeof startPrivatePostgres>>;
let scratch: ScratchDatabase;
const sharedUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  server = await startPrivatePostgres();
  scratch = await scratchPostgres(server.adminUrl);
  await disconnectDb();
  process.env.DATABASE_URL = scratch.url;
  reloadEnv();
}, 120_000);

afterAll(async () => {
  await disconnectDb();
  process.env.DATABASE_URL = sharedUrl;
  reloadEnv();
  await server.stop();
});

const listPages = (token: string) => () =>
  listGET(
    servedRequest("http://localhost/api/v1/customers?limit=5", {
      headers: { authorization: `Bearer ${token}` },
    }),
  );

/**
 * Four clients sending `send()` until `outage` has run and answers have been `ok` for a while
 * after it. Every answer is problem+json without internals when it is not `ok`.
 */
async function underLoad(send: () => Promise<Response>, outage: () => Promise<void>, ok = 200) {
  const answers: { status: number; requestId: string | null }[] = [];
  let running = true;
  const reader = async () => {
    while (running) {
      const res = await send();
      answers.push({ status: res.status, requestId: res.headers.get("x-request-id") });
      if (res.status !== ok) {
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(await res.text()).not.toMatch(/\n\s+at |ECONN|terminat/i);
      } else await res.arrayBuffer();
      if (res.status !== ok) await new Promise((r) => setTimeout(r, 50));
    }
  };
  const readers = Array.from({ length: 4 }, reader);
  await new Promise((r) => setTimeout(r, 1000));
  await outage();
  // Until the pool has reconnected and a steady run of pages has been served again.
  const deadline = Date.now() + 30_000;
  const recovered = () => answers.slice(-20).every((a) => a.status === ok);
  while (!(answers.length > 20 && recovered()) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, 1000));
  running = false;
  await Promise.all(readers);
  return answers;
}

async function expectEveryServedPageAudited(
  answers: { status: number; requestId: string | null }[],
) {
  const served = answers.filter((a) => a.status === 200).map((a) => a.requestId!);
  const audited = await db().auditEvent.findMany({
    where: { action: "customer.list", requestId: { in: served } },
    select: { requestId: true },
  });
  expect(new Set(audited.map((a) => a.requestId))).toEqual(new Set(served));
  await sealAuditChain();
  expect((await verifyAuditChain()).ok).toBe(true);
}

describe("PostgreSQL restarted under load", () => {
  it("a clean restart: 503 problem+json while it is down, then pages again, each audited", async () => {
    const { token } = await readerPartner("Restarts");
    const answers = await underLoad(listPages(token), () => server.restart());
    const statuses = new Set(answers.map((a) => a.status));
    expect(statuses).toEqual(new Set([200, 503]));
    expect(answers.at(-1)!.status).toBe(200);
    await expectEveryServedPageAudited(answers);
  }, 90_000);

  it("a crash (no checkpoint, WAL replayed): no page served before it loses its audit row", async () => {
    const { token } = await readerPartner("Restarts");
    const answers = await underLoad(listPages(token), async () => {
      await server.crash();
      await new Promise((r) => setTimeout(r, 1500));
      await server.start();
    });
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 503]));
    expect(answers.at(-1)!.status).toBe(200);
    await expectEveryServedPageAudited(answers);
  }, 90_000);

  it("a crash under refused token requests: each 401 is answered only once its audit row survives", async () => {
    // Standalone audit events commit in groups (lib/server/audit/append.ts): an outage must fail
    // every caller waiting on a group with a clean 503, strand none, and lose no acknowledged row.
    let n = 0;
    // Each from its own address, so the refusal limits (429) never answer in the database's place.
    const refused = () =>
      tokenPOST(
        servedRequest("http://localhost/api/v1/oauth/token", {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: `grant_type=client_credentials&client_id=crash-probe-${++n}&client_secret=wrong`,
          peer: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
        }),
      );
    const answers = await underLoad(
      refused,
      async () => {
        await server.crash();
        await new Promise((r) => setTimeout(r, 1500));
        await server.start();
      },
      401,
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401, 503]));
    expect(answers.at(-1)!.status).toBe(401);
    const answered = answers.filter((a) => a.status === 401).map((a) => a.requestId!);
    const audited = await db().auditEvent.findMany({
      where: { action: "partner.token", outcome: "denied", requestId: { in: answered } },
      select: { requestId: true },
    });
    expect(new Set(audited.map((a) => a.requestId))).toEqual(new Set(answered));
    await sealAuditChain();
    expect((await verifyAuditChain()).ok).toBe(true);
  }, 90_000);
});
