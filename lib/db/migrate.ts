// `prisma migrate deploy` and `prisma migrate diff`, through the WebAssembly schema engine.
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { readFile } from "node:fs/promises";
import { NO_FILTERS, openSchemaEngine, readMigrationList, SCHEMA_FILE, serialised } from "./schema-engine";

/** Applies pending migrations (idempotent) and records them in `_prisma_migrations`. */
export function applyMigrations(databaseUrl: string): Promise<string[]> {
  return serialised(() => applyMigrationsNow(databaseUrl));
}

async function applyMigrationsNow(databaseUrl: string): Promise<string[]> {
  // Our own pool, ended afterwards: the engine holds a session advisory lock until its
  // connection closes, and a lingering idle connection would stall the next migrator.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const engine = await openSchemaEngine(new PrismaPg(pool));
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    await pool.end();
  }
}

/**
 * SQL that would bring the migrations up to `schema.prisma`; "-- This is an empty migration."
 * when they agree. Diffed on an in-memory PGlite used as the shadow database.
 */
export function diffSchemaAgainstMigrations(): Promise<string> {
  return serialised(diffNow);
}

async function diffNow(): Promise<string> {
  const shadow = new PGlite();
  try {
    const engine = await openSchemaEngine(new PrismaPGlite(shadow) as never);
    const result = await engine.diff({
      from: { tag: "migrations", ...(await readMigrationList()) },
      to: {
        tag: "schemaDatamodel",
        files: [{ path: SCHEMA_FILE, content: await readFile(SCHEMA_FILE, "utf8") }],
      },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return (result.stdout ?? "").trim();
  } finally {
    await shadow.close();
  }
}

export const EMPTY_MIGRATION = "-- This is an empty migration.";
