// Settings have one home (issue 31): lib/env.ts's schema describes every setting, and
// .env.example is generated from it. Change a setting and forget the file: this fails.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, settingsDocumentation } from "@/lib/env";
import { renderEnvExample } from "../../scripts/lib/env-example";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe(".env.example", () => {
  it("is what `npm run env:example` writes from the env schema", () => {
    expect(readFileSync(path.join(ROOT, ".env.example"), "utf8")).toBe(renderEnvExample());
  });

  it("names every setting an operator may set, each with a description", () => {
    const file = readFileSync(path.join(ROOT, ".env.example"), "utf8");
    const settings = settingsDocumentation();
    expect(settings.length).toBeGreaterThan(40);
    for (const s of settings) {
      expect(s.description, s.name).toMatch(/\w{3,}/);
      if (!s.internal) expect(file, s.name).toMatch(new RegExp(`^(# )?${s.name}=`, "m"));
    }
  });

  it("states each default as the schema applies it", () => {
    const defaults = parseEnv({});
    for (const s of settingsDocumentation())
      if (s.default !== undefined && typeof defaults[s.name as keyof typeof defaults] !== "object")
        expect(String(defaults[s.name as keyof typeof defaults]), s.name).toBe(String(s.default));
  });
});
