// What runs in production imports only production dependencies (issue 31): the image installs
// `dependencies` alone, so a runtime import of a devDependency works here and fails there (and a
// test library in `dependencies` ships to production). Type-only imports are erased and may name
// type packages; test, bench and build tooling under scripts/ is listed as such.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Scripts that run only in development, tests or CI (never in the image). */
const DEV_TOOLING = new Set([
  "scripts/test.ts",
  "scripts/test-security.ts",
  "scripts/audit-gate.ts",
  "scripts/db-diff.ts",
  "scripts/sbom.ts",
  "scripts/env-example.ts",
  "scripts/lib/audit-gate.ts",
  "scripts/lib/steps.ts",
  "scripts/lib/scratch-database.ts",
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(tsx?|mjs|cjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const runtimeFiles = () =>
  [
    ...["lib", "app", "scripts"].flatMap((d) => sources(path.join(ROOT, d))),
    ...["middleware.ts", "instrumentation.ts", "next.config.mjs"].map((f) => path.join(ROOT, f)),
  ].filter((f) => !DEV_TOOLING.has(path.relative(ROOT, f)));

/** The packages a file loads at run time: value imports, re-exports, require and import(). */
export function runtimePackages(text: string): string[] {
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?from\s+["']([^"']+)["']/gm)].map(
      (m) => m[1]!,
    ),
    ...[...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/\b(?:require|import)\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]!),
  ];
  return [
    ...new Set(
      specs
        .filter((s) => !s.startsWith(".") && !s.startsWith("@/") && !s.startsWith("node:"))
        .map((s) => (s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0]!))
        .filter((name) => !builtinModules.includes(name)),
    ),
  ];
}

describe("runtime dependencies", () => {
  it("finds value imports and leaves type-only ones out", () => {
    const found = runtimePackages(
      [
        'import { a } from "vitest";',
        'import type { B } from "autocannon";',
        'export { c } from "@scope/pkg/sub";',
        'import "server-only";',
        'const d = await import("ioredis-mock");',
        'import { e } from "node:fs";',
        'import f from "path";',
      ].join("\n"),
    );
    expect(found.sort()).toEqual(["@scope/pkg", "ioredis-mock", "server-only", "vitest"]);
  });

  it("lib/, app/ and the CLI and launcher import only production dependencies", () => {
    const offenders = runtimeFiles().flatMap((file) =>
      runtimePackages(readFileSync(file, "utf8"))
        .filter((name) => !Object.hasOwn(pkg.dependencies, name))
        .map((name) => `${path.relative(ROOT, file)} imports ${name}`),
    );
    expect(offenders).toEqual([]);
  });

  it("no test double or type package ships as a production dependency", () => {
    const shipped = Object.keys(pkg.dependencies).filter(
      (name) => name.startsWith("@types/") || /mock|fake-|stub/.test(name),
    );
    expect(shipped).toEqual([]);
  });
});
