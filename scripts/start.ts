// `npm start`: build if needed, migrate, seed demo data on an empty database, serve.
// `npm run dev`: the same with `next dev`.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { applyMigrations } from "@/lib/db/migrate";
import { childProcessEnv, env, rawEnv, servingProcessEnv } from "@/lib/env";
import { exitOnConfigError, prepareRuntime } from "./lib/runtime";

const dev = process.argv.includes("--dev");
/** How long in-flight requests (a large Mirror upload, say) may take to finish on stop. */
const DRAIN_MS = 30_000;
const ROOT = process.cwd();
const SOURCES = [
  "app",
  "lib",
  "components",
  "middleware.ts",
  "next.config.mjs",
  "package.json",
  "postcss.config.mjs",
  "instrumentation.ts",
];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce(
    (m, name) => (name === "generated" ? m : Math.max(m, newestMtime(path.join(p, name)))),
    s.mtimeMs,
  );
}

function buildIfNeeded() {
  const marker = path.join(ROOT, ".next", "standalone", "server.js");
  const builtAt = existsSync(marker) ? statSync(path.join(ROOT, ".next", "BUILD_ID")).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (builtAt < changedAt) {
    console.log("veil: building the production bundle (first start or sources changed)…");
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"],
      {
        stdio: "inherit",
        env: childProcessEnv({ NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }),
      },
    );
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  // Next's standalone server serves static assets only from beside itself; copied on every
  // start so a build made by hand (`npx next build`) is served whole too.
  cpSync(path.join(ROOT, ".next/static"), path.join(ROOT, ".next/standalone/.next/static"), {
    recursive: true,
  });
  if (existsSync(path.join(ROOT, "public")))
    cpSync(path.join(ROOT, "public"), path.join(ROOT, ".next/standalone/public"), {
      recursive: true,
    });
  cpSync(path.join(ROOT, "prisma"), path.join(ROOT, ".next/standalone/prisma"), {
    recursive: true,
  });
}

async function main() {
  if (!dev) buildIfNeeded();
  const runtime = await prepareRuntime({
    serve: true,
    nodeEnv: dev ? "development" : "production",
  }).catch(exitOnConfigError);
  if (runtime.secretsNotice) console.log(`veil: ${runtime.secretsNotice}`);
  if (!runtime.embedded) console.log("veil: using PostgreSQL from DATABASE_URL");
  else console.log("veil: using the embedded database (PGlite) in", env().VEIL_DATA_DIR);
  if (!env().REDIS_URL) {
    console.log(
      "veil: no REDIS_URL: rate limits and revocations use an in-process store (single instance only)",
    );
  }
  const applied = await applyMigrations(runtime.migrateUrl).catch((err: Error) => {
    // A clear start-up error (wrong credentials, TLS required but not offered, no rights)
    // instead of a stack trace or a server that half works.
    console.error(`veil: cannot migrate the database: ${err.message.split("\n")[0]}`);
    process.exit(1);
  });
  if (applied.length) console.log(`veil: applied migrations: ${applied.join(", ")}`);
  // Every stored data key must be unwrappable, and the HSM (if any) open, before anything serves.
  const { missingMasterKeys } = await import("@/lib/server/crypto/key-inventory");
  const keysProblem = await missingMasterKeys().catch((err: Error) => err.message);
  if (keysProblem) {
    console.error(`veil: cannot start: ${keysProblem}`);
    process.exit(1);
  }
  const { seedOnStart } = await import("./lib/seed-on-start");
  await seedOnStart();

  const port = String(env().PORT);
  const serverEnv = servingProcessEnv({
    PORT: port,
    HOSTNAME: env().VEIL_LISTEN_HOST,
    NODE_OPTIONS:
      `${rawEnv("NODE_OPTIONS") ?? ""} --require=${path.join(ROOT, "scripts/peer-address.cjs")}`.trim(),
    NEXT_TELEMETRY_DISABLED: "1",
    // next-auth builds its callback URLs from this; the app itself never trusts Host for links.
    NEXTAUTH_URL: env().VEIL_PUBLIC_URL ?? `http://localhost:${port}`,
  });
  const child = dev
    ? spawn(
        process.execPath,
        [path.join(ROOT, "node_modules/next/dist/bin/next"), "dev", "-p", port],
        { stdio: "inherit", env: serverEnv },
      )
    : spawn(process.execPath, [path.join(ROOT, ".next/standalone/server.js")], {
        stdio: "inherit",
        env: serverEnv,
        cwd: path.join(ROOT, ".next/standalone"),
      });
  console.log(`veil: serving on http://localhost:${port} (${dev ? "development" : "production"})`);

  const childExited = new Promise((r) => child.once("exit", r));
  let stopping = false;
  // The server finishes its in-flight requests on SIGTERM (Next's own drain); the embedded
  // database they use closes only after it has exited, or after DRAIN_MS if it hangs.
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const kill = setTimeout(() => child.kill("SIGKILL"), DRAIN_MS);
      await childExited;
      clearTimeout(kill);
    }
    await runtime.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 1));
}

await main();
