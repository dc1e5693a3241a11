// One fresh database per integration project: the embedded PGlite path or a new PostgreSQL
// database on the local server (dropped afterwards). Both projects' setups run in one process,
// so each hands its configuration to its own workers through `provide`, never process.env.
import type { TestProject } from "vitest/node";
import { scratchPglite, scratchPostgres } from "../../scripts/lib/scratch-database";
import { testSecrets } from "./secrets";
import { createMasterKey, softhsmToken } from "./softhsm";

export const POSTGRES_ADMIN_URL =
  process.env.VEIL_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    veilEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.env?.VEIL_TEST_DATABASE === "postgres" ? "postgres" : "pglite";
  const database =
    kind === "pglite" ? await scratchPglite() : await scratchPostgres(POSTGRES_ADMIN_URL);
  // The HSM project: master keys in a throw-away SoftHSM token (env keys still unwrap, as while
  // an operator moves data keys into the HSM).
  const hsm = project.config.env?.VEIL_TEST_KEYS === "pkcs11" ? softhsmToken() : null;
  const secrets = testSecrets();
  if (hsm) await createMasterKey({ ...secrets, ...database.env, ...hsm.env, LOG_LEVEL: "silent" });
  project.provide("veilEnv", {
    ...secrets,
    ...hsm?.env,
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    VEIL_FAST_HASH_FOR_TESTS: "1",
    VEIL_DATA_DIR: database.env.VEIL_DATA_DIR ?? "",
    DATABASE_URL: database.env.DATABASE_URL ?? "",
    VEIL_EMBEDDED_DATABASE_URL: database.env.VEIL_EMBEDDED_DATABASE_URL ?? "",
    REDIS_URL: "",
  });
  return () => database.drop();
}
