import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";

export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
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

/** Each bench writes its own section; other sections from earlier runs are kept. */
export function writeSection(name: string, data: Record<string, unknown>) {
  const current = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, "utf8")) : {};
  current.machine = { node: process.version, cpus: os.cpus().length, model: os.cpus()[0]?.model };
  current[name] = { measuredAt: new Date().toISOString(), ...data };
  writeFileSync(RESULTS, JSON.stringify(current, null, 2) + "\n");
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));
