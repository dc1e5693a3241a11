// `npm run bench:profile`: where a partner API request's time goes. Serves the partner list, then
// the health route (the floor), under the bench's load with the server's main thread profiled,
// and compares their self time a request, by area and by function.
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { reloadEnv } from "@/lib/env";
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { disconnectDb } from "@/lib/server/db";
import { scratchPostgres } from "../scripts/lib/scratch-database";
import { testSecrets } from "../tests/support/secrets";
import { round } from "./support";
import { partnerApiSetup, startVeil, accessToken, stopVeil } from "./partner-api.bench";

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) the processes have used so far, from /proc. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* gone meanwhile */
    }
  }
  return ticks / TICKS;
}

/** Every PostgreSQL process on this machine (the bench's server is local). */
function postgresPids(): number[] {
  return readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
      } catch {
        return false;
      }
    });
}

const POSTGRES =
  process.env.VEIL_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

Object.assign(process.env, testSecrets(), { NODE_ENV: "production", LOG_LEVEL: "silent" });
delete process.env.REDIS_URL;
registerAlertRules();
const database = await scratchPostgres(POSTGRES);
Object.assign(process.env, database.env);
reloadEnv();

const dir = mkdtempSync(path.join(os.tmpdir(), "veil-profile-"));
const port = 3918;
// One partner to warm up with, one for the profiled load (each may make 10,000 requests a minute).
const [warming, loading] = await partnerApiSetup(2);
const veil = await startVeil(port, {
  NODE_OPTIONS: `--require=${path.resolve("bench/cpu-profile-preload.cjs")}`,
  VEIL_PROFILE_DIR: dir,
});
const server = Number(readFileSync(path.join(dir, "pid"), "utf8"));
const profiled = path.join(dir, "server.cpuprofile");
const runs: { file: string; requests: number }[] = [];
try {
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/api/v1/customers?limit=50`;
  const bearer = async (p: typeof warming) => ({
    authorization: `Bearer ${await accessToken(base, p!.clientId, p!.clientSecret)}`,
  });
  const headers = await bearer(warming);
  await autocannon({ url, headers, connections: 10, duration: 3 });
  // One request at a time: the latency a request has on its own (no queueing).
  for (const [name, u, h] of [
    ["api", url, headers],
    ["health", `${base}/api/health`, {}],
  ] as const) {
    const ms: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await (await fetch(u, { headers: h })).arrayBuffer();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    console.log(`alone: ${name} p50 ${ms[150]!.toFixed(1)} ms, p99 ${ms[296]!.toFixed(1)} ms`);
  }
  // The main thread's time on a CPU and waiting for one (runnable: the machine's cores busy).
  const schedstat = () =>
    readFileSync(`/proc/${server}/task/${server}/schedstat`, "utf8").split(" ").map(Number);
  const usage = () => ({
    mainOnCpu: schedstat()[0]! / 1e9,
    mainWaiting: schedstat()[1]! / 1e9,
    server: cpuSeconds([server]),
    worker: cpuSeconds([veil.worker.pid!]),
    postgres: cpuSeconds(postgresPids()),
  });
  /** One profiled load of `u`: the server's profile and every process's CPU a request. */
  const profiledLoad = async (name: string, u: string, h: Record<string, string>) => {
    process.kill(server, "SIGUSR2");
    const before = usage();
    const r = await autocannon({ url: u, headers: h, connections: 10, duration: 10 });
    if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} refusals, ${r.errors} errors`);
    const l = r.latency;
    console.log(
      `${name}: latency p50 ${l.p50}, p75 ${l.p75}, p90 ${l.p90}, p97.5 ${l.p97_5}, p99 ${l.p99}, max ${l.max} ms`,
    );
    const after = usage();
    process.kill(server, "SIGUSR2");
    while (!existsSync(profiled)) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500)); // written whole
    const pauses = JSON.parse(readFileSync(path.join(dir, "gc.json"), "utf8")) as [
      number,
      number,
    ][];
    const ms = pauses.map(([, d]) => d).sort((a, b) => b - a);
    const KINDS: Record<number, string> = { 1: "minor", 2: "major", 4: "incremental", 8: "weak" };
    const byKind = Object.entries(
      pauses.reduce<Record<string, number>>(
        (acc, [k]) => ({ ...acc, [KINDS[k] ?? k]: (acc[KINDS[k] ?? k] ?? 0) + 1 }),
        {},
      ),
    );
    console.log(
      `${name}: GC pauses ${ms.length} (${byKind.map(([k, n]) => `${n} ${k}`).join(", ")}), total ${round(ms.reduce((a, b) => a + b, 0))} ms, longest ${ms
        .slice(0, 5)
        .map((d) => round(d, 1))
        .join(", ")} ms`,
    );
    const file = path.join(dir, `${name}.cpuprofile`);
    renameSync(profiled, file);
    const cpu = Object.fromEntries(
      (["mainOnCpu", "mainWaiting", "server", "worker", "postgres"] as const).map((k) => [
        k,
        round((1000 * (after[k] - before[k])) / r.requests.total),
      ]),
    );
    console.log(
      `${name}: ${r.requests.average} req/s, p99 ${r.latency.p99} ms; ms a request: ${JSON.stringify(cpu)}`,
    );
    return { file, requests: r.requests.total };
  };
  runs.push(await profiledLoad("api", url, await bearer(loading)));
  runs.push(await profiledLoad("health", `${base}/api/health`, {}));
} finally {
  await stopVeil(veil);
  await disconnectDb();
  await database.drop();
}

type Areas = Map<string, number>;

/** Self time a request (µs) by function, native frames charged to their nearest script. */
function perRequest(file: string, requests: number): { byFunction: Areas; byArea: Areas } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const byFunction: Areas = new Map();
  const byArea: Areas = new Map();
  const add = (m: Areas, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t / requests);
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    if (n.callFrame.functionName === "(idle)" || n.callFrame.functionName === "(program)") continue;
    add(byFunction, key(n), t);
    let script: Node | undefined = n;
    while (script && (!script.callFrame.url || script.callFrame.url.startsWith("node:")))
      script = byId.get(parent.get(script.id) ?? -1);
    add(byArea, n.callFrame.functionName === "(garbage collector)" ? "gc" : area(script), t);
  }
  return { byFunction, byArea };
}

const key = (n: Node) =>
  `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*\/(node_modules|\.next)\//, "$1/")}:${n.callFrame.lineNumber}`;

function area(script: Node | undefined): string {
  const url = script?.callFrame.url ?? "";
  if (!url) return "node (event loop, timers)";
  if (/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+)\//.test(url))
    return "pg driver";
  if (/node_modules\/next\/|\[root-of-the-server\]|start-server/.test(url)) return "next";
  if (/\.next\/server\/chunks\//.test(url)) return "veil (and bundled libraries)";
  return `other ${path.basename(url)}`;
}

const [api, health] = runs.map((r) => perRequest(r.file, r.requests));
const rows = (a: Areas, b: Areas, n: number) =>
  [...new Set([...a.keys(), ...b.keys()])]
    .map((k) => ({ k, a: a.get(k) ?? 0, b: b.get(k) ?? 0 }))
    .sort((x, y) => y.a - y.b - (x.a - x.b))
    .slice(0, n);
const total = (m: Areas) => [...m.values()].reduce((x, y) => x + y, 0);
console.log(
  `\nmain-thread time a request: api ${Math.round(total(api!.byArea))} µs, health ${Math.round(total(health!.byArea))} µs\n\nby area (µs a request: api, health, difference)`,
);
for (const r of rows(api!.byArea, health!.byArea, 20))
  console.log(
    `${r.k.padEnd(40)} ${String(Math.round(r.a)).padStart(6)} ${String(Math.round(r.b)).padStart(6)} ${String(Math.round(r.a - r.b)).padStart(6)}`,
  );
console.log("\nfunctions the api spends the most more on (µs a request: api, health, difference)");
for (const r of rows(api!.byFunction, health!.byFunction, Number(process.env.TOP ?? 30)))
  console.log(
    `${String(Math.round(r.a)).padStart(6)} ${String(Math.round(r.b)).padStart(6)} ${String(Math.round(r.a - r.b)).padStart(6)}  ${r.k}`,
  );
console.log(`\nprofiles: ${runs.map((r) => r.file).join(", ")} (open in Chrome DevTools)`);
