import { describe, expect, it } from "vitest";
import { db } from "@/lib/server/db";
import { runVeil } from "../support/cli";

// The test process holds the database the way the running server does (on PGlite it serves the
// embedded database's socket); the CLI runs beside it as a second process.
describe("veil CLI beside a running server", () => {
  it("prints help", async () => {
    const r = await runVeil(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("db:migrate");
  });

  it("connects to the database the server holds and works while the server keeps working", async () => {
    const r = await runVeil(["db:migrate"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Database is up to date.");
    // The "server" side still reads after the CLI has come and gone.
    const rows = await db().$queryRaw<
      { n: bigint }[]
    >`SELECT count(*)::bigint AS n FROM _prisma_migrations`;
    expect(Number(rows[0]!.n)).toBeGreaterThan(0);
  });

  it("rejects unknown commands and options with a usage error", async () => {
    expect((await runVeil(["no-such-command"])).code).toBe(64);
    const bad = await runVeil(["db:migrate", "--bogus"]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/Unknown option/i);
  });
});
