import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Roles are named in two places only: the capability table and the field policy table. Anything
// else asks for a capability, so a new role or a moved right is a one-line change.
const ALLOWED = new Set(["lib/policy/capabilities.ts", "lib/policy/field-policy.ts"]);
const ROOTS = ["app", "components", "lib", "scripts", "middleware.ts"];
const ROLE_LITERAL =
  /["'`](?:role:)?(AGENT|OFFICER|ANALYST|ADMIN)["'`]|'(AGENT|OFFICER|ANALYST|ADMIN)'/;

function files(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  return readdirSync(p).flatMap((name) =>
    name === "generated" || name === "node_modules" ? [] : files(path.join(p, name)),
  );
}

describe("role names", () => {
  it("appear only in the capability module and the policy table", () => {
    const offenders = ROOTS.flatMap(files)
      .filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith(".test.ts") && !ALLOWED.has(f))
      .flatMap((f) =>
        readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ f, line: i + 1, text: line }))
          .filter((l) => ROLE_LITERAL.test(l.text)),
      )
      .map((l) => `${l.f}:${l.line}: ${l.text.trim()}`);
    expect(offenders).toEqual([]);
  });

  it("the scan finds a role literal where there is one", () => {
    expect(ROLE_LITERAL.test(`if (viewer.role === "ANALYST") notFound();`)).toBe(true);
    expect(ROLE_LITERAL.test(`WHERE role = 'ADMIN'`)).toBe(true);
    expect(ROLE_LITERAL.test(`can(viewer, "customers.write")`)).toBe(false);
  });
});
