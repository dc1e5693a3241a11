// A production Veil for the scans: a scratch PostgreSQL database, secrets of its own, the real
// `npm start` (build if needed, migrate, serve) on a loopback port; stopped and dropped after.
import { spawn, type ChildProcess } from "node:child_process";
import { reloadEnv } from "@/lib/env";
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { disconnectDb } from "@/lib/server/db";
import { scratchPostgres } from "../../scripts/lib/scratch-database";
import { testSecrets } from "./secrets";
import { waitForHealth } from "./wait-for-health";

const POSTGRES =
  process.env.VEIL_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export async function withProductionServer<T>(
  opts: {
    port: number;
    /** Extra environment for the server (e.g. VEIL_TRUST_PROXY). */
    env?: Record<string, string>;
    /** Runs against the database before the server starts (this process's data layer). */
    seed?: () => Promise<void>;
    /** Headers the health probe sends (e.g. as the trusted proxy would). */
    probeHeaders?: Record<string, string>;
  },
  fn: (base: string) => Promise<T>,
): Promise<T> {
  const database = await scratchPostgres(POSTGRES);
  Object.assign(process.env, testSecrets(), database.env, {
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    VEIL_FAST_HASH_FOR_TESTS: "",
    REDIS_URL: "",
  });
  reloadEnv();
  let veil: ChildProcess | null = null;
  try {
    registerAlertRules(); // the seed appends audit rows in this process
    await opts.seed?.();
    await disconnectDb();
    veil = spawn(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"],
      {
        env: { ...process.env, PORT: String(opts.port), ...opts.env },
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    const base = `http://127.0.0.1:${opts.port}`;
    await waitForHealth(`${base}/api/health`, veil, opts.probeHeaders);
    return await fn(base);
  } finally {
    if (veil) {
      const exited = new Promise((r) => veil!.once("exit", r));
      veil.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    await database.drop();
  }
}
