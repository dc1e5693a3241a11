// Throwaway databases for tests and benchmarks: an in-memory PGlite served on a private socket
// (the embedded path) or a fresh database on a PostgreSQL server, migrated, dropped afterwards.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openEmbeddedDatabase } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";

export type ScratchDatabase = { url: string; env: Record<string, string>; drop(): Promise<void> };

export async function scratchPglite(): Promise<ScratchDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "veil-scratch-"));
  const embedded = await openEmbeddedDatabase(dir, { memory: true });
  await applyMigrations(embedded.url);
  return {
    url: embedded.url,
    env: { VEIL_EMBEDDED_DATABASE_URL: embedded.url, VEIL_DATA_DIR: dir },
    async drop() {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function scratchPostgres(adminUrl: string): Promise<ScratchDatabase> {
  const name = `veil_scratch_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Identifiers cannot be bind parameters; this one is generated here and escaped anyway.
  // eslint-disable-next-line no-restricted-syntax
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    env: { DATABASE_URL: url.toString() },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // eslint-disable-next-line no-restricted-syntax -- generated, escaped identifier
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}
