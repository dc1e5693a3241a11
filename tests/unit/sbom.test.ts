// `npm run sbom` (issue 31): a CycloneDX inventory of what ships, and only of what ships.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "veil-sbom-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run sbom", () => {
  it("lists the production dependencies, with versions and package URLs, and no dev tool", () => {
    const out = path.join(dir, "sbom.cdx.json");
    execFileSync("npm", ["run", "--silent", "sbom", "--", "--output-file", out], {
      cwd: ROOT,
      stdio: "pipe",
    });
    const bom = JSON.parse(readFileSync(out, "utf8")) as {
      bomFormat: string;
      specVersion: string;
      components: { name: string; group?: string; version: string; purl: string }[];
    };
    expect(bom.bomFormat).toBe("CycloneDX");
    expect(bom.specVersion).toBe("1.6");
    const names = new Set(bom.components.map((c) => (c.group ? `${c.group}/${c.name}` : c.name)));
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    for (const dep of Object.keys(pkg.dependencies)) expect(names, dep).toContain(dep);
    for (const dev of ["vitest", "eslint", "@playwright/test", "typescript"])
      expect(names, dev).not.toContain(dev);
    for (const c of bom.components) expect(c.purl, c.name).toMatch(/^pkg:npm\//);
  }, 60_000); // runs cyclonedx-npm over the lock file: seconds, more on a busy CI machine
});
