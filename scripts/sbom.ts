// `npm run sbom [-- --output-file F]`: a CycloneDX 1.6 inventory of the production dependencies
// (@cyclonedx/cyclonedx-npm). npm's tree also holds optional peers that only development
// installed (next names @playwright/test): the tool marks them `cdx:npm:package:development`,
// and they are left out here, so the inventory lists what an `npm install --omit=dev` ships.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

type Component = { "bom-ref": string; properties?: { name: string; value: string }[] };
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
  const dev = new Set(
    bom.components
      .filter((c) => c.properties?.some((p) => p.name === "cdx:npm:package:development"))
      .map((c) => c["bom-ref"]),
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
