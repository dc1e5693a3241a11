// The image's node_modules: Next's standalone output traces what the server loads; the compiled
// CLI also loads the packages it keeps outside its bundle (scripts/lib/build-cli.mjs). Each of
// those, with its production dependencies, is copied beside the traced ones — nothing else.
// Usage: node scripts/lib/runtime-modules.mjs <from node_modules> <to node_modules>
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CLI_EXTERNAL } from "./build-cli.mjs";

const [from, to] = process.argv.slice(2);
const seen = new Set();

function copy(name) {
  if (seen.has(name)) return;
  seen.add(name);
  const src = path.join(from, name);
  if (!existsSync(src)) return; // optional (pg-native) and not installed
  cpSync(src, path.join(to, name), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(path.join(src, "package.json"), "utf8"));
  for (const dep of Object.keys(manifest.dependencies ?? {})) copy(dep);
}

for (const name of CLI_EXTERNAL) copy(name);
console.log(`copied ${seen.size} packages for the CLI into ${to}`);
