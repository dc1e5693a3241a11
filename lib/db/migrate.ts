// `prisma migrate deploy` and `prisma migrate diff`, through the WebAssembly schema engine.
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { readFile } from "node:fs/promises";
import { installJobQueues } from "./jobs";
import {
  NO_FILTERS,
  openSchemaEngine,
  readMigrationList,
  SCHEMA_FILE,
  serialised,
} from "./schema-engine";

/**
 * adapter-pg's executeScript splits a script on every ";" (prisma issue: it breaks `$$` function
 * bodies such as our append-only trigger). pg runs a multi-statement script in one simple-query
 * round trip, so the script goes over whole.
 */
function wholeScripts(factory: PrismaPg, pool: pg.Pool): SqlMigrationAwareDriverAdapterFactory {
  const patch = <T extends { executeScript(s: string): Promise<void> }>(adapter: T) => {
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (error) {
        (adapter as unknown as { onError(e: unknown): never }).onError(error);
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

/** Applies pending migrations (idempotent) and records them in `_prisma_migrations`. */
export function applyMigrations(databaseUrl: string): Promise<string[]> {
  return serialised(() => applyMigrationsNow(databaseUrl));
}

async function applyMigrationsNow(databaseUrl: string): Promise<string[]> {
  // Our own pool, ended afterwards: the engine holds a session advisory lock until its
  // connection closes, and a lingering idle connection would stall the next migrator.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const engine = await openSchemaEngine(wholeScripts(new PrismaPg(pool), pool));
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await readMigrationList(),
      filters: NO_FILTERS,
    });
    // The job runner's tables and queues (pg-boss installs and upgrades its own schema).
    await installJobQueues(databaseUrl);
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

/** PGlite with the extensions the migrations create (as the embedded database has them). */
const withExtensions = () => new PGlite({ extensions: { pg_trgm } });

async function diffNow(): Promise<string> {
  const shadow = withExtensions();
  const extra: PGlite[] = [];
  // The adapter makes its own shadow database for replaying migrations, without extensions.
  class Adapter extends PrismaPGlite {
    override connectToShadowDb() {
      const db = withExtensions();
      extra.push(db);
      return new PrismaPGlite(db).connect();
    }
  }
  try {
    const engine = await openSchemaEngine(new Adapter(shadow) as never);
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
    await Promise.all([shadow, ...extra].map((db) => db.close()));
  }
}

export const EMPTY_MIGRATION = "-- This is an empty migration.";
