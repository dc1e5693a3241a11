// `npm run sbom [-- --output-file F]`: a CycloneDX 1.6 inventory of the production dependencies
// (@cyclonedx/cyclonedx-npm). npm's tree also holds optional peers that only development
// installed (next names @playwright/test as one), which the tool lists with the rest: the
// inventory keeps exactly what `npm install --omit=dev` installs, the closure of package.json's
// dependencies through package-lock.json (dependencies, optional ones, required peers).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

type Component = { "bom-ref": string; properties?: { name: string; value: string }[] };
type LockEntry = {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

/** Lock-file paths (`node_modules/a/node_modules/b`) a production install holds. */
function productionPaths(lock: { packages: Record<string, LockEntry> }): Set<string> {
  const out = new Set<string>();
  // Node's resolution: the nearest node_modules/<name> from `from` upwards.
  const resolve = (from: string, name: string): string | null => {
    for (let dir = from; ;) {
      const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) return null;
      const at = dir.lastIndexOf("node_modules/");
      dir = at <= 0 ? "" : dir.slice(0, at - 1);
    }
  };
  const visit = (p: string) => {
    const entry = lock.packages[p];
    if (!entry) return;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter(
      (n) => !entry.peerDependenciesMeta?.[n]?.optional,
    );
    for (const name of [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...peers,
    ]) {
      const found = resolve(p, name);
      if (found && !out.has(found)) {
        out.add(found);
        visit(found);
      }
    }
  };
  visit("");
  return out;
}
type Bom = { components: Component[]; dependencies?: { ref: string; dependsOn?: string[] }[] };

const { values } = parseArgs({ options: { "output-file": { type: "string" } } });
const output = values["output-file"] ?? "sbom.cdx.json";
const dir = mkdtempSync(path.join(os.tmpdir(), "veil-sbom-"));
try {
  const raw = path.join(dir, "raw.json");
  execFileSync(
    path.join("node_modules", ".bin", "cyclonedx-npm"),
    ["--omit", "dev", "--sv", "1.6", "--of", "JSON", "--output-reproducible"].concat([
      "--mc-type",
      "application",
      "--output-file",
      raw,
    ]),
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const bom = JSON.parse(readFileSync(raw, "utf8")) as Bom;
  const shipped = productionPaths(JSON.parse(readFileSync("package-lock.json", "utf8")));
  const pathOf = (c: Component) =>
    c.properties?.find((p) => p.name === "cdx:npm:package:path")?.value;
  const dev = new Set(
    bom.components.filter((c) => !shipped.has(pathOf(c) ?? "")).map((c) => c["bom-ref"]),
  );
  bom.components = bom.components.filter((c) => !dev.has(c["bom-ref"]));
  bom.dependencies = bom.dependencies
    ?.filter((d) => !dev.has(d.ref))
    .map((d) => ({ ...d, dependsOn: d.dependsOn?.filter((r) => !dev.has(r)) }));
  writeFileSync(output, JSON.stringify(bom, null, 2) + "\n");
  console.log(`wrote ${output}: ${bom.components.length} components`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
