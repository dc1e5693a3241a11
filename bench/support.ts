import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { results, writeReadme } from "./figures";

export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The q-quantile (0..1) of a sample, nearest rank. */
export function percentile(xs: number[], q: number) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

export async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

const RESULTS = "bench/results.json";

/**
 * Each bench writes its own section; other sections from earlier runs are kept. The summary
 * (`date`, `machine`, `results`) and bench/README.md are rebuilt from all sections each time.
 */
export function writeSection(name: string, data: Record<string, unknown>) {
  const current = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : {};
  const { date: _date, machine: _machine, results: _results, ...sections } = current;
  sections[name] = { measuredAt: new Date().toISOString(), ...data };
  const summary = {
    date: new Date().toISOString(),
    machine: { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model },
    results: results(sections),
  };
  writeFileSync(RESULTS, JSON.stringify({ ...summary, ...sections }, null, 2) + "\n");
  writeReadme("bench/README.md", "bench/chart.svg", summary);
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** A staff agent to read pages as (a real user row, so the audit rows name someone). */
export async function benchAgent(): Promise<UserPrincipal> {
  const user = await db().user.create({
    data: { email: `bench-${randomUUID()}@bench.veil`, name: "Bench Agent", role: "AGENT" },
  });
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    role: "AGENT",
    stepUpAt: null,
    stepUpFactor: null,
    mfaSatisfied: true,
    ip: null,
    requestId: null,
  };
}
