// One fresh database per integration project: the embedded PGlite path or a new PostgreSQL
// database on the local server (dropped afterwards).
import type { TestProject } from "vitest/node";
import { scratchPglite, scratchPostgres } from "../../scripts/lib/scratch-database";
import { testSecrets } from "./secrets";

export const POSTGRES_ADMIN_URL = process.env.VEIL_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const kind = project.config.env?.VEIL_TEST_DATABASE === "postgres" ? "postgres" : "pglite";
  Object.assign(process.env, testSecrets(), { NODE_ENV: "test", LOG_LEVEL: "silent", VEIL_FAST_HASH_FOR_TESTS: "1" });
  delete process.env.DATABASE_URL;
  delete process.env.VEIL_EMBEDDED_DATABASE_URL;
  delete process.env.REDIS_URL;
  const database = kind === "pglite" ? await scratchPglite() : await scratchPostgres(POSTGRES_ADMIN_URL);
  Object.assign(process.env, database.env);
  return () => database.drop();
}
