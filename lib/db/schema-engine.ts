// Prisma's schema engine compiled to WebAssembly: migrations without the native engine download
// that this environment (and many locked-down CI runners) cannot reach. See DESIGN.md §10.
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
/** The app's root: the nearest folder above this module holding prisma/ (lib/db/ in the sources,
 * dist/ in the compiled CLI). */
function appRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "prisma", "schema.prisma"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, "../..");
  }
}
const ROOT = appRoot(path.dirname(fileURLToPath(import.meta.url)));
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
export const SCHEMA_FILE = path.join(ROOT, "prisma", "schema.prisma");

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
};

type EngineModule = { SchemaEngine: { new: (...a: unknown[]) => Promise<Engine> } };

// Per process, not per module instance: the engine's JS glue is one shared native module, and a
// second instantiation would swap its memory under engines created from the first.
const processWide = globalThis as {
  veilSchemaEngine?: Promise<EngineModule>;
  veilSchemaQueue?: Promise<unknown>;
};

function loadEngineModule() {
  processWide.veilSchemaEngine ??= (async () => {
    // The engine reports Rust panics through this global; without it a panic becomes a TypeError.
    const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(m: string): void } };
    g.PRISMA_WASM_PANIC_REGISTRY ??= {
      set_message: (m) => console.error(`schema engine panic: ${m}`),
    };
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const dir = path.dirname(bgPath);
    const bg = await import(bgPath);
    const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bg as EngineModule;
  })();
  return processWide.veilSchemaEngine;
}

// Engines are never released: wasm-bindgen's finalizer frees them from the GC thread while the
// engine's async runtime may still hold them, which crashes the process ("memory access out of
// bounds"). A migration run creates one or two engines per process, so keeping them is cheap.
const keepAlive: Engine[] = [];

export async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory) {
  const { SchemaEngine } = await loadEngineModule();
  const schema = await readFile(SCHEMA_FILE, "utf8");
  const engine = await SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  keepAlive.push(engine);
  return engine;
}

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The migrations directory in the shape the engine expects (what `prisma migrate` reads). */
export async function readMigrationList() {
  const entries = (await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: await readFile(lockPath, "utf8") },
    shadowDbInitScript: "",
    migrationDirectories: await Promise.all(
      entries.map(async (name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: {
            tag: "ok",
            value: await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"),
          },
        },
      })),
    ),
  };
}

export async function migrationNames(): Promise<string[]> {
  return (await readMigrationList()).migrationDirectories.map((d) => d.path);
}

/** One engine operation at a time per process: the wasm instance is shared. */
export function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = (processWide.veilSchemaQueue ?? Promise.resolve()).then(fn, fn);
  processWide.veilSchemaQueue = run.catch(() => {});
  return run;
}
