// `npm run veil -- …`: the compiled CLI (dist/veil.mjs), rebuilt first when a source is newer,
// so a command loads plain JavaScript and only what it imports (no TypeScript compiler at start).
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const BUNDLE = path.join(ROOT, "dist", "veil.mjs");
const SOURCES = ["lib", "scripts", "prisma/schema.prisma", "package-lock.json", "tsconfig.json"];

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newest(path.join(p, name))), s.mtimeMs);
}

const builtAt = existsSync(BUNDLE) ? statSync(BUNDLE).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map((s) => newest(path.join(ROOT, s))))) {
  const { buildCli } = await import("./lib/build-cli.mjs");
  await buildCli(ROOT);
}
await import(pathToFileURL(BUNDLE).href);
