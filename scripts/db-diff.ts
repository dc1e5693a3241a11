// npm run db:diff -- <name>: writes prisma/migrations/<timestamp>_<name>/migration.sql when
// schema.prisma has moved ahead of the migrations (like `prisma migrate dev --create-only`).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffSchemaAgainstMigrations, EMPTY_MIGRATION } from "../lib/db/migrate";
import { MIGRATIONS_DIR } from "../lib/db/schema-engine";

const name = (process.argv[2] ?? "change").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
const sql = await diffSchemaAgainstMigrations();
if (sql === EMPTY_MIGRATION || sql === "") {
  console.log("schema.prisma and the migrations agree: nothing to write.");
} else {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql + "\n");
  console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
process.exit(0); // the wasm engine keeps the event loop alive for a while
