// The partner API under load: autocannon against the real server (`npm start`: middleware, token
// verification, limits, visibility, decryption, masking, audit) versus a bare node:http server
// running the same Prisma page query with none of that, both in this run on the same database.
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { insertCustomers, plainColumns } from "@/lib/server/customers";
import { db } from "@/lib/server/db";
import { createPartner, sharePartnerCustomers } from "@/lib/server/partners";
import { fakeCustomers } from "@/lib/seed/fake-customers";
import { waitForHealth } from "../tests/support/production-server";
import { median, round } from "./support";

const SYSTEM: SystemPrincipal = { kind: "system", name: "bench" };
const DURATION_S = 10;
const CONNECTIONS = 10;

function load(url: string, headers: Record<string, string> = {}) {
  return autocannon({
    url,
    headers,
    connections: CONNECTIONS,
    duration: DURATION_S,
  });
}

const summary = (r: autocannon.Result) => ({
  requestsPerSecond: round(r.requests.average),
  p50Ms: r.latency.p50,
  p99Ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

const FLOOD_WINDOW_S = 8;
const FLOOD_ROUNDS = 3;

/**
 * The API's p99 at a steady 40 requests/s, idle and then while 200 bad sign-ins a second hit the
 * login endpoint (unknown account, wrong password): the login defences must refuse the flood
 * before it costs the API anything (a bcrypt per attempt would take the whole machine). Idle and
 * flood windows alternate, three of each, and the figure compares their median p99s: one window's
 * p99 is its few slowest requests, so a single pause would otherwise decide the ratio. The flood
 * runs in a worker thread, so its own client work does not delay the steady client's requests.
 */
async function benchLoginFlood(base: string, apiUrl: string, auth: Record<string, string>) {
  const steady = async () =>
    summary(
      await autocannon({
        url: apiUrl,
        headers: auth,
        connections: 4,
        overallRate: 40,
        duration: FLOOD_WINDOW_S,
      }),
    );
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
  const idle: ReturnType<typeof summary>[] = [];
  const underFlood: ReturnType<typeof summary>[] = [];
  const floods: autocannon.Result[] = [];
  for (let round = 0; round < FLOOD_ROUNDS; round++) {
    idle.push(await steady());
    const running = flood();
    await new Promise((r) => setTimeout(r, 1500));
    underFlood.push(await steady());
    floods.push(await running);
  }
  const p99 = (windows: ReturnType<typeof summary>[]) => median(windows.map((w) => w.p99Ms));
  return {
    login_flood_p99_ratio: round(p99(underFlood) / Math.max(1, p99(idle)), 3),
    loginFlood: {
      apiIdleP99Ms: idle.map((w) => w.p99Ms),
      apiUnderFloodP99Ms: underFlood.map((w) => w.p99Ms),
      apiIdle: idle,
      apiUnderFlood: underFlood,
      flood: {
        requestsPerSecond: floods.map((f) => round(f.requests.average)),
        statusCounts: floods.map((f) => f.statusCodeStats),
      },
      note: `API p99 at 40 req/s, ${FLOOD_ROUNDS} idle and ${FLOOD_ROUNDS} flood windows of ${FLOOD_WINDOW_S} s alternating (200 bad sign-ins/s from one address, in a worker thread): median flood p99 over median idle p99`,
    },
  };
}

export async function benchPartnerApi(port = 3917) {
  const ids = await insertCustomers(SYSTEM, fakeCustomers(300, 7), "customer.seed");
  const { partner, clientId, clientSecret } = await createPartner(SYSTEM, {
    name: "Bench partner",
    profile: "basic",
    scopes: ["customers:read"],
    perMinute: 10_000,
    perDay: 10_000_000,
  });
  await sharePartnerCustomers(SYSTEM, { partnerId: partner.id, customers: ids });

  // Bare baseline: the same page query (visibility filter, order, 50 rows), JSON out, no more.
  const bare = http.createServer((_req, res) => {
    db()
      .customer.findMany({
        where: { sharedWith: { some: { partnerId: partner.id } } },
        select: plainColumns,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 51,
      })
      .then((rows) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ data: rows.slice(0, 50) }));
      })
      .catch(() => {
        res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
  const barePort = (bare.address() as AddressInfo).port;

  const veil = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"],
    {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: "silent", NODE_ENV: "production" },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  try {
    await waitForHealth(`http://127.0.0.1:${port}/api/health`, veil);
    const tokenRes = await fetch(`http://127.0.0.1:${port}/api/v1/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: clientId,
        client_secret: clientSecret,
      }),
    });
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const apiUrl = `http://127.0.0.1:${port}/api/v1/customers?limit=50`;
    const auth = { authorization: `Bearer ${access_token}` };
    const check = await fetch(apiUrl, { headers: auth });
    const page = (await check.json()) as { data: unknown[] };
    if (check.status !== 200 || page.data.length !== 50)
      throw new Error(`partner API answered ${check.status} with ${page.data?.length} rows`);
    // Warm both (JIT, pools, caches), then measure each alone.
    await autocannon({ url: apiUrl, headers: auth, connections: CONNECTIONS, duration: 3 });
    await autocannon({
      url: `http://127.0.0.1:${barePort}/`,
      connections: CONNECTIONS,
      duration: 3,
    });
    const api = summary(await load(apiUrl, auth));
    const baseline = summary(await load(`http://127.0.0.1:${barePort}/`));
    // Context: the same server answering its trivial health route (Next's own floor here).
    const serverFloor = summary(await load(`http://127.0.0.1:${port}/api/health`));
    const loginFlood = await benchLoginFlood(`http://127.0.0.1:${port}`, apiUrl, auth);
    return {
      partner_list_rps_ratio: round(api.requestsPerSecond / baseline.requestsPerSecond, 3),
      partner_list_p99_ratio: round(api.p99Ms / Math.max(1, baseline.p99Ms), 3),
      api,
      baseline,
      serverFloor,
      ...loginFlood,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      note: "api = GET /api/v1/customers?limit=50 through the production server; baseline = bare node:http running the same Prisma page query (no auth, limits, decryption, masking or audit)",
    };
  } finally {
    veil.kill("SIGTERM");
    bare.close();
  }
}
