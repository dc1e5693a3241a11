import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The fixtures are ignored by `npm run lint`; here they are linted on purpose to prove the
// project's own rules bite.
async function ruleIdsFor(file: string) {
  const eslint = new ESLint({ ignore: false });
  const [result] = await eslint.lintFiles([`tests/fixtures/lint/${file}`]);
  return result!.messages.map((m) => m.ruleId);
}

describe("project lint rules", () => {
  it("fail a file that uses $queryRawUnsafe", async () => {
    expect(await ruleIdsFor("raw-sql-unsafe.ts")).toContain("no-restricted-syntax");
  }, 60_000);
  it("fail SQL built by concatenation or interpolation", async () => {
    const ids = await ruleIdsFor("concatenated-sql.ts");
    expect(ids.filter((id) => id === "no-restricted-syntax")).toHaveLength(2);
  }, 60_000);
  it("fail a client component that imports lib/server", async () => {
    expect(await ruleIdsFor("client-imports-server.tsx")).toContain(
      "veil/no-server-imports-in-client",
    );
  }, 60_000);
  it("fail code that reads process.env outside lib/env.ts", async () => {
    expect(await ruleIdsFor("reads-process-env.ts")).toContain("no-restricted-properties");
  }, 60_000);
  it("fail a page that imports Prisma or crypto instead of calling the data layer", async () => {
    const ids = await ruleIdsFor("app/page-reads-database.tsx");
    expect(ids.filter((id) => id === "no-restricted-imports")).toHaveLength(2);
  }, 60_000);
  it("fail CLI code that uses Prisma outside lib/server", async () => {
    const eslint = new ESLint({ ignore: false, overrideConfig: { files: ["**/*.ts"] } });
    const [result] = await eslint.lintText(
      'import { db } from "@/lib/server/db";\nexport const n = () => db().user.count();\n',
      { filePath: "scripts/cli/example.ts" },
    );
    expect(result!.messages.map((m) => m.ruleId)).toContain("no-restricted-imports");
  }, 60_000);
});
