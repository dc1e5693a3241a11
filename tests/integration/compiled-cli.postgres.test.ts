// The CLI as the image and `npm run veil` run it: compiled (dist/veil.mjs), from any folder, on a
// fresh clone's embedded database and on an operator's PostgreSQL that has no schema yet.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVeil } from "../support/cli";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ADMIN_URL =
  process.env.VEIL_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const work = mkdtempSync(path.join(os.tmpdir(), "veil-compiled-cli-"));
const emptyDb = `veil_cli_empty_${process.pid}`;

/** The operator's shell: none of the test run's database settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development" };
  for (const k of [
    "DATABASE_URL",
    "DATABASE_MIGRATE_URL",
    "VEIL_EMBEDDED_DATABASE_URL",
    "REDIS_URL",
  ])
    delete env[k];
  return env;
}

const veil = (args: string[], env: Record<string, string>, input = "") =>
  runVeil(args, {
    input,
    env,
    baseEnv: cleanEnv(),
    compiled: path.join(ROOT, "dist", "veil.mjs"),
    cwd: work, // not the repository: the compiled CLI finds its migrations itself
  });

const admin = () => new pg.Client({ connectionString: ADMIN_URL });

beforeAll(async () => {
  execFileSync("npm", ["run", "--silent", "build:cli"], { cwd: ROOT, stdio: "pipe" });
  const c = admin();
  await c.connect();
  await c.query(`CREATE DATABASE ${emptyDb}`);
  await c.end();
});

afterAll(async () => {
  const c = admin();
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${emptyDb} WITH (FORCE)`);
  await c.end();
  rmSync(work, { recursive: true, force: true });
});

const CSV = "name,email\nJane Doe,jane.doe@example.com\n";

describe("the compiled CLI", () => {
  it("prints help without touching a database", async () => {
    const r = await veil(["--help"], { VEIL_DATA_DIR: path.join(work, "never-created") });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("mirror --in FILE");
  });

  it("on a fresh clone, prepares the embedded database on first use and runs the command", async () => {
    const dataDir = path.join(work, "data");
    const r = await veil(
      ["mirror", "--in", "-", "--out", "-", "--profile", "basic"],
      { VEIL_DATA_DIR: dataDir },
      CSV,
    );
    expect(r.stderr).toMatch(/preparing the embedded database \(\d+ migration/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("j•••@example.com");
    expect(r.stdout).not.toContain("jane.doe@example.com");
    // The second run finds it ready.
    const again = await veil(
      ["mirror", "--in", "-", "--out", "-", "--profile", "basic"],
      { VEIL_DATA_DIR: dataDir },
      CSV,
    );
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/preparing/);
  });

  it("on an operator's PostgreSQL without the schema, says what to run (no SQL error, no change)", async () => {
    const url = new URL(ADMIN_URL);
    url.pathname = `/${emptyDb}`;
    const r = await veil(["mirror", "--in", "-", "--out", "-", "--profile", "basic"], {
      DATABASE_URL: url.toString(),
    });
    expect(r.code).toBe(64);
    expect(r.stderr.trim()).toMatch(
      /^veil: the database lacks \d+ migration\(s\): run `npm run veil -- db:migrate` first\.$/,
    );
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    const tables = await c.query(
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    await c.end();
    expect(tables.rows[0].n).toBe(0);
  });
});
