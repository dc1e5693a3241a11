// Before a CLI command touches data: the database must hold every shipped migration. The
// embedded database is brought up to date on first use (as `npm start` would); an operator's
// PostgreSQL is never changed behind their back: the command stops with the one line to run.
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { shippedMigrationNames } from "@/lib/db/migration-names";
import { MIGRATIONS_DIR } from "@/lib/db/schema-engine";
import { UsageError } from "../cli/command";
import type { Runtime } from "./runtime";

const UNDEFINED_TABLE = "42P01";

/** Shipped migrations the database at `url` has not applied. */
export async function pendingMigrations(url: string): Promise<string[]> {
  const shipped = await shippedMigrationNames(MIGRATIONS_DIR);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return shipped.filter((n) => !applied.has(n));
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) return shipped;
    throw err;
  } finally {
    await client.end();
  }
}

export async function ensureMigrated(runtime: Runtime): Promise<void> {
  const pending = await pendingMigrations(runtime.migrateUrl);
  if (!pending.length) return;
  if (!runtime.embedded)
    throw new UsageError(
      `the database lacks ${pending.length} migration(s): run \`npm run veil -- db:migrate\` first.`,
    );
  console.error(`veil: preparing the embedded database (${pending.length} migration(s))…`);
  await applyMigrations(runtime.migrateUrl);
}
