// The `veil` CLI compiled to one ES module (dist/veil.mjs): the image and `npm run veil` run
// plain JavaScript, not TypeScript compiled at every start. Packages with native code,
// WebAssembly or files they load by path stay outside the bundle and come from node_modules.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

export const CLI_EXTERNAL = [
  "bcrypt",
  "pkcs11js",
  "pino",
  "thread-stream",
  "@electric-sql/pglite",
  "@electric-sql/pglite-socket",
  "@prisma/client",
  "@prisma/schema-engine-wasm",
  "pg-native",
];

/** Builds dist/veil.mjs; written whole, then renamed: a concurrent run never imports half of it. */
export async function buildCli(root) {
  const out = path.join(root, "dist", "veil.mjs");
  const result = await build({
    write: false,
    absWorkingDir: root,
    entryPoints: [path.join(root, "scripts", "veil.ts")],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // As the CLI always ran: server modules resolve their server-only builds.
    conditions: ["react-server"],
    external: CLI_EXTERNAL.flatMap((p) => [p, `${p}/*`]),
    // CommonJS dependencies inside an ES module still call require().
    banner: {
      js: 'import { createRequire as veilRequire } from "node:module";\nconst require = veilRequire(import.meta.url);',
    },
    legalComments: "none",
    logLevel: "warning",
  });
  mkdirSync(path.dirname(out), { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, result.outputFiles[0].contents);
  renameSync(temp, out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildCli(path.resolve(import.meta.dirname, "..", ".."));
  console.log("built dist/veil.mjs");
}
