// Lower floors never call up (DESIGN §12.13): no import cycle in lib/, type-only imports
// included (a type cycle still ties two modules' designs together).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LIB = path.join(ROOT, "lib");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/** The lib/ files `file` imports (static and type-only; `@/` and relative specifiers). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]!);
  return specs.flatMap((spec) => {
    const base = spec.startsWith("@/")
      ? path.join(ROOT, spec.slice(2))
      : spec.startsWith(".")
        ? path.resolve(path.dirname(file), spec)
        : null;
    if (!base || !base.startsWith(LIB)) return [];
    const found = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find(existsSync);
    return found ? [found] : [];
  });
}

/** Every cycle, each reported once, as the files around it. */
export function importCycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const cycles = new Map<string, string[]>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, "open");
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      if (state.get(next) === "open") {
        const cycle = stack.slice(stack.indexOf(next)).map((p) => path.relative(ROOT, p));
        cycles.set([...cycle].sort().join(" "), cycle);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, "done");
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return [...cycles.values()];
}

describe("lib/ imports", () => {
  it("form no cycle", () => {
    expect(importCycles(sources(LIB))).toEqual([]);
  });
});
