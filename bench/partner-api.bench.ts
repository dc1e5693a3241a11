// The partner API under load: autocannon against the real server (`npm start`: middleware, token
// verification, limits, visibility, decryption, masking, audit) versus a bare node:http server
// running the same Prisma page query with none of that, both in this run on the same database.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { insertCustomers, plainColumns } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { listCustomersPage } from "@/lib/server/customers/api";
import { createPartner, changePartnerSharing } from "@/lib/server/partners";
import { partnerFromAccessToken } from "@/lib/server/partners/tokens";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { waitForHealth } from "../tests/support/wait-for-health";
import { median, percentile, round } from "./support";

const SYSTEM: SystemPrincipal = { kind: "system", name: "bench" };
const DURATION_S = 10;
const CONNECTIONS = 10;
/** The API and the floor alternate, so a drift of the machine's speed touches both alike. */
const ROUNDS = 5;
const ROUND_S = 6;

function load(url: string, headers: Record<string, string> = {}, duration = DURATION_S) {
  return autocannon({ url, headers, connections: CONNECTIONS, duration });
}

type Summary = ReturnType<typeof summary>;
const summary = (r: autocannon.Result) => ({
  requestsPerSecond: round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

const FLOOD_WINDOW_S = 8;
const FLOOD_ROUNDS = 5;
const PROBE = { rate: 40, connections: 4, seconds: FLOOD_WINDOW_S };

type ProbeWindow = { latencies: number[]; non2xx: number; errors: number };

/** The run of median throughput among several (shown with the rounds' median ratios). */
const middle = (runs: Summary[]) =>
  [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[runs.length >> 1]!;

/** One window of the steady client, every response's latency kept (to pool windows). */
function probeWindow(url: string, headers: Record<string, string>): Promise<ProbeWindow> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const run = autocannon(
      {
        url,
        headers,
        connections: PROBE.connections,
        overallRate: PROBE.rate,
        duration: PROBE.seconds,
      },
      (err, r) => (err ? reject(err) : resolve({ latencies, non2xx: r.non2xx, errors: r.errors })),
    );
    run.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

/**
 * The API's p99 at a steady 40 requests/s, idle and then while 200 bad sign-ins a second hit the
 * login endpoint (unknown account, wrong password): the login defences must refuse the flood
 * before it costs the API anything (a bcrypt per attempt would take the whole machine). Idle and
 * flood windows alternate, five of each, and the figure compares the p99 of every idle request
 * with the p99 of every request under flood: one window's p99 is its three slowest requests, so
 * a single pause of the machine would otherwise decide the ratio. The flood runs in a worker
 * thread, so its own client work does not delay the steady client's requests. Commits per second
 * are counted in each window: the refused flood writes nothing.
 */
async function benchLoginFlood(base: string, apiUrl: string, auth: Record<string, string>) {
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const cookie = csrfRes.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const flood = () =>
    autocannon({
      url: `${base}/api/auth/callback/credentials`,
      method: "POST",
      headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrfToken,
        email: "nobody-here@bench.veil",
        password: "not-the-password",
        json: "true",
      }).toString(),
      connections: 20,
      overallRate: 200,
      duration: FLOOD_WINDOW_S + 3,
      workers: 1,
    });
  // Transactions committed in the database per second of a window: the flood should add none.
  const committed = async () =>
    Number(
      (
        await db().$queryRaw<{ n: bigint }[]>`
          SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`
      )[0]!.n,
    );
  const window = async () => {
    const before = await committed();
    const w = await probeWindow(apiUrl, auth);
    return { ...w, commitsPerSecond: round(((await committed()) - before) / FLOOD_WINDOW_S, 1) };
  };
  const idle: (ProbeWindow & { commitsPerSecond: number })[] = [];
  const underFlood: typeof idle = [];
  const floods: autocannon.Result[] = [];
  for (let round = 0; round < FLOOD_ROUNDS; round++) {
    idle.push(await window());
    const running = flood();
    await new Promise((r) => setTimeout(r, 1500));
    underFlood.push(await window());
    floods.push(await running);
  }
  const windowP99s = (ws: ProbeWindow[]) => ws.map((w) => round(percentile(w.latencies, 0.99)));
  const failures = (ws: ProbeWindow[]) => ws.reduce((n, w) => n + w.non2xx + w.errors, 0);
  if (failures(idle) + failures(underFlood))
    throw new Error("the steady API client got errors during the login flood bench");
  // Every request of every window of a kind, pooled.
  const idleAll = idle.flatMap((w) => w.latencies);
  const floodAll = underFlood.flatMap((w) => w.latencies);
  const idleP99 = percentile(idleAll, 0.99);
  const floodP99 = percentile(floodAll, 0.99);
  return {
    login_flood_p99_ratio: round(floodP99 / Math.max(1, idleP99), 3),
    loginFlood: {
      apiIdleP99Ms: round(idleP99),
      apiUnderFloodP99Ms: round(floodP99),
      apiIdleP50Ms: round(percentile(idleAll, 0.5)),
      apiUnderFloodP50Ms: round(percentile(floodAll, 0.5)),
      perWindowIdleP99Ms: windowP99s(idle),
      perWindowUnderFloodP99Ms: windowP99s(underFlood),
      commitsPerSecond: {
        idle: idle.map((w) => w.commitsPerSecond),
        underFlood: underFlood.map((w) => w.commitsPerSecond),
      },
      samples: { idle: idleAll.length, underFlood: floodAll.length },
      flood: {
        requestsPerSecond: floods.map((f) => round(f.requests.average)),
        statusCounts: floods.map((f) => f.statusCodeStats),
      },
      note: `API p99 at ${PROBE.rate} req/s, ${FLOOD_ROUNDS} idle and ${FLOOD_ROUNDS} flood windows of ${FLOOD_WINDOW_S} s alternating (200 bad sign-ins/s from one address, in a worker thread): p99 of every request under flood over p99 of every idle request`,
    },
  };
}

/**
 * Waits until the server has sealed every audit row: a load leaves a backlog the server's worker
 * seals after it (the data-layer load's rows are sealed by the server too), and the next
 * measurement must not pay for it.
 */
async function auditSealed(maxMs = 120_000) {
  const until = Date.now() + maxMs;
  for (;;) {
    const [{ n }] = await db().$queryRaw<[{ n: bigint }]>`
      SELECT count(*) AS n FROM "AuditEvent" WHERE "seq" IS NULL`;
    if (n === 0n) return;
    if (Date.now() > until) throw new Error(`${n} audit rows still unsealed after ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A bare node:http server on a loopback port answering with `handle`'s JSON. */
async function bareServer(handle: () => Promise<unknown>) {
  const server = http.createServer((_req, res) => {
    handle()
      .then((body) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

type Veil = { server: ChildProcess; worker: ChildProcess };

/**
 * Veil as production runs it (docs/operations.md): `npm start` on `port` (production build) with
 * `VEIL_JOBS=external`, and one `veil worker` beside it running the background jobs (audit
 * sealing above all) — on this machine's same two cores. Ready once the health route answers.
 */
export async function startVeil(
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<Veil> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    LOG_LEVEL: "silent",
    NODE_ENV: "production" as const,
    VEIL_JOBS: "external",
    ...extraEnv,
  };
  const node = (script: string, ...args: string[]) =>
    spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script, ...args], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
  const server = node("scripts/start.ts");
  const worker = node("scripts/veil.ts", "worker");
  await waitForHealth(`http://127.0.0.1:${port}/api/health`, server);
  return { server, worker };
}

/** Stops the server and its worker and waits until both have gone. */
export async function stopVeil(veil: Veil) {
  await Promise.all(
    [veil.server, veil.worker].map((child) => {
      const exited = child.exitCode === null ? once(child, "exit") : Promise.resolve();
      child.kill("SIGTERM");
      return exited;
    }),
  );
}

export async function accessToken(base: string, clientId: string, clientSecret: string) {
  const tokenRes = await fetch(`${base}/api/v1/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
    }),
  });
  return ((await tokenRes.json()) as { access_token: string }).access_token;
}

/**
 * 300 customers shared with `count` partners. A partner may make at most 10,000 requests a
 * minute, fewer than a minute of this load: each measured run gets a partner of its own, so no
 * run is ever answered with refusals (and `measure` fails a run that is).
 */
export async function partnerApiSetup(count = 1) {
  const ids = await insertCustomers(SYSTEM, fakeCustomers(300, 7), "customer.seed");
  const partners = [];
  for (let i = 0; i < count; i++) {
    const created = await createPartner(SYSTEM, {
      name: `Bench partner ${i + 1}`,
      profile: "basic",
      scopes: ["customers:read"],
      perMinute: 10_000,
      perDay: 10_000_000,
    });
    await changePartnerSharing(SYSTEM, {
      partnerId: created.partner.id,
      change: "share",
      customers: { kind: "chosen", ids },
    });
    partners.push(created);
  }
  // Statistics as a running database has them (autovacuum gathers them within a minute of the
  // inserts): without them the planner sees empty tables and scans instead of walking an index.
  await db().$executeRaw`ANALYZE "Customer", "PartnerCustomer"`;
  return partners;
}

export async function benchPartnerApi(port = 3917) {
  // One partner to warm up with, one for each round, one for the login-flood probe.
  const partners = await partnerApiSetup(ROUNDS + 2);
  const partner = partners[0]!.partner;
  // Bare baseline: the same page query (visibility filter, order, 50 rows), JSON out, no more.
  const bare = await bareServer(async () => {
    const rows = await db().customer.findMany({
      where: { sharedWith: { some: { partnerId: partner.id } } },
      select: plainColumns,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 51,
    });
    return { data: rows.slice(0, 50) };
  });

  const base = `http://127.0.0.1:${port}`;
  const veil = await startVeil(port);
  let dataLayer: Awaited<ReturnType<typeof bareServer>> | null = null;
  try {
    const tokens = await Promise.all(
      partners.map((p) => accessToken(base, p.clientId, p.clientSecret)),
    );
    const authAs = (i: number) => ({ authorization: `Bearer ${tokens[i]}` });
    const access_token = tokens[0]!;
    const apiUrl = `${base}/api/v1/customers?limit=50`;
    const auth = authAs(0);
    const check = await fetch(apiUrl, { headers: auth });
    const page = (await check.json()) as { data: unknown[] };
    if (check.status !== 200 || page.data.length !== 50)
      throw new Error(`partner API answered ${check.status} with ${page.data?.length} rows`);
    // Context: Veil's data-layer call alone (read, keys, audit row, decryption, masking) on the
    // bare server, without Next, the token check or the limits.
    const principal = await partnerFromAccessToken(access_token, {
      ip: "127.0.0.1",
      requestId: null,
    });
    dataLayer = await bareServer(() => listCustomersPage(principal!, { limit: "50" }));
    // Warm each (JIT, pools, caches), then measure each alone. The server's routes get longer:
    // its first rounds ran visibly slower after 3 s (V8 still optimising Next's and Veil's paths).
    for (const [url, headers, seconds] of [
      [apiUrl, auth, 10],
      [`${base}/api/health`, {}, 5],
      [bare.url, {}, 3],
      [dataLayer.url, {}, 3],
    ] as const)
      await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
    // Each measured from a quiet server (no sealing backlog from the load before).
    const measure = async (url: string, headers?: Record<string, string>, seconds?: number) => {
      await auditSealed();
      const run = summary(await load(url, headers, seconds));
      if (run.non2xx || run.errors)
        throw new Error(`${url} answered ${run.non2xx} refusals and ${run.errors} errors`);
      return run;
    };
    // The API and the floor (the same server answering its trivial health route, an empty route
    // handler) in alternating rounds; each figure is the median of its rounds' ratios.
    const rounds: { api: Summary; floor: Summary }[] = [];
    for (let r = 0; r < ROUNDS; r++)
      rounds.push({
        api: await measure(apiUrl, authAs(r + 1), ROUND_S),
        floor: await measure(`${base}/api/health`, {}, ROUND_S),
      });
    const medianOf = (f: (r: (typeof rounds)[number]) => number) => round(median(rounds.map(f)), 3);
    const api = middle(rounds.map((r) => r.api));
    const serverFloor = middle(rounds.map((r) => r.floor));
    const baseline = await measure(bare.url);
    const dataLayerOnly = await measure(dataLayer.url);

    const loginFlood = await benchLoginFlood(base, apiUrl, authAs(ROUNDS + 1));
    return {
      // The figures: the API over the framework's own floor in the same server and run.
      partner_list_vs_floor_ratio: medianOf(
        (r) => r.api.requestsPerSecond / r.floor.requestsPerSecond,
      ),
      partner_list_p99_vs_floor_ratio: medianOf((r) => r.api.p99Ms / Math.max(1, r.floor.p99Ms)),
      // Information only: over a bare node:http server with none of Veil's work.
      partner_list_rps_ratio: round(api.requestsPerSecond / baseline.requestsPerSecond, 3),
      partner_list_p99_ratio: round(api.p99Ms / Math.max(1, baseline.p99Ms), 3),
      api,
      baseline,
      dataLayerOnly: {
        ...dataLayerOnly,
        rpsRatio: round(dataLayerOnly.requestsPerSecond / baseline.requestsPerSecond, 3),
      },
      serverFloor,
      rounds: rounds.map((r) => ({
        rps: [r.api.requestsPerSecond, r.floor.requestsPerSecond],
        p99Ms: [r.api.p99Ms, r.floor.p99Ms],
      })),
      ...loginFlood,
      connections: CONNECTIONS,
      durationSeconds: { rounds: `${ROUNDS} × ${ROUND_S} s each`, others: DURATION_S },
      note: "api = GET /api/v1/customers?limit=50 through the production server (VEIL_JOBS=external, one `veil worker` beside it on the same cores); serverFloor = its /api/health; the two alternate in rounds from a quiet server (every audit row sealed), the ratios are the rounds' medians and api/serverFloor the rounds of median throughput; baseline = bare node:http running the same Prisma page query (no auth, limits, decryption, masking or audit); dataLayerOnly = bare node:http calling listCustomersPage (read, keys, audit row, decryption, masking) with no framework, token check or limits",
    };
  } finally {
    // Gone before the next section starts, so its shutdown is not measured there.
    bare.server.close();
    dataLayer?.server.close();
    await stopVeil(veil);
  }
}
