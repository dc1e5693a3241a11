// Shared start-up for the launcher and the CLI: local secrets, the database (operator's or the
// embedded PGlite), validated config. Everything after this reads config through lib/env.ts.
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import path from "node:path";
import { loadOrCreateLocalSecrets } from "@/lib/config/local-secrets";
import { openEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { applyDefaults, ConfigError, env, isStrictDeployment, rawEnv } from "@/lib/env";

export type Runtime = {
  embedded: EmbeddedDatabase | null;
  migrateUrl: string;
  secretsNotice: string | null;
  close(): Promise<void>;
};

export async function prepareRuntime(opts: { serve: boolean; nodeEnv?: string }): Promise<Runtime> {
  if (opts.nodeEnv) applyDefaults({ NODE_ENV: opts.nodeEnv });
  const dataDir = path.resolve(rawEnv("VEIL_DATA_DIR") ?? ".data");
  applyDefaults({ VEIL_DATA_DIR: dataDir });
  let secretsNotice: string | null = null;
  const first = env(); // shape check before anything is created
  if (!isStrictDeployment(first)) {
    const local = loadOrCreateLocalSecrets(dataDir);
    applyDefaults(local.values);
    if (local.created) {
      secretsNotice = `Generated local secrets in ${path.relative(process.cwd(), local.file)} (kept out of git). Production deployments must set them explicitly.`;
    }
  }
  let embedded: EmbeddedDatabase | null = null;
  if (!rawEnv("DATABASE_URL")) {
    embedded = await openEmbeddedDatabase(dataDir, { requireOwnership: opts.serve });
    applyDefaults({ VEIL_EMBEDDED_DATABASE_URL: embedded.url });
  }
  const e = env(); // throws ConfigError naming the variable
  registerAlertRules(); // seeding, CLI commands and the launcher append audit rows
  const migrateUrl = e.DATABASE_MIGRATE_URL ?? e.DATABASE_URL ?? e.VEIL_EMBEDDED_DATABASE_URL!;
  return {
    embedded,
    migrateUrl,
    secretsNotice,
    async close() {
      await embedded?.stop();
    },
  };
}

export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(`veil: ${err.message}`);
    process.exit(78); // EX_CONFIG
  }
  throw err;
}
