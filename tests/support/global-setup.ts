// One fresh database per integration project: an in-memory PGlite served on a private socket
// (the embedded path), or a new database on the local PostgreSQL (dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openEmbeddedDatabase } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";
import { testSecrets } from "./secrets";

export const POSTGRES_ADMIN_URL = process.env.VEIL_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const kind = project.config.env?.VEIL_TEST_DATABASE === "postgres" ? "postgres" : "pglite";
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "veil-test-"));
  Object.assign(process.env, testSecrets(), { VEIL_DATA_DIR: dataDir, NODE_ENV: "test", LOG_LEVEL: "silent", VEIL_FAST_HASH_FOR_TESTS: "1" });
  let cleanup: () => Promise<void>;
  if (kind === "pglite") {
    const embedded = await openEmbeddedDatabase(dataDir, { memory: true });
    process.env.VEIL_EMBEDDED_DATABASE_URL = embedded.url;
    delete process.env.DATABASE_URL;
    await applyMigrations(embedded.url);
    cleanup = () => embedded.stop();
  } else {
    const name = `veil_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    delete process.env.VEIL_EMBEDDED_DATABASE_URL;
    await applyMigrations(url.toString());
    cleanup = async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  return async () => {
    await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
