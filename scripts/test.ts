// `npm test`: lint, typecheck, unit, integration on PGlite and PostgreSQL, the security suite,
// then Chromium e2e against a production build. Stops at the first failing step.
import { existsSync } from "node:fs";
import { rawEnv } from "@/lib/env";
import { reachable, runSteps, type Step } from "./lib/steps";

const ci = Boolean(rawEnv("CI"));
const postgresUrl = new URL(
  rawEnv("VEIL_TEST_POSTGRES_URL") ?? "postgresql://postgres@127.0.0.1:5432/postgres",
);
const chromium = rawEnv("CHROMIUM_PATH") ?? "/usr/bin/chromium";

const steps: Step[] = [
  { name: "lint", cmd: ["node_modules/.bin/eslint", ".", "--max-warnings=0"] },
  { name: "format", cmd: ["node_modules/.bin/prettier", "--check", "."] },
  // Everything, tests included (the root tsconfig, which the build checks, is the app only).
  { name: "typecheck", cmd: ["node_modules/.bin/tsc", "--noEmit", "-p", "tests"] },
  { name: "unit", cmd: ["node_modules/.bin/vitest", "run", "--project", "unit"] },
];

const projects = ["--project", "integration-pglite"];
if (await reachable(postgresUrl.hostname, Number(postgresUrl.port || 5432))) {
  projects.push("--project", "integration-postgres");
  // The PKCS#11 key provider on a real SoftHSM2 token (installed by .ci/run).
  if (existsSync("/usr/bin/softhsm2-util")) projects.push("--project", "integration-hsm");
  else if (ci) {
    console.error(
      "SoftHSM2 is not installed: CI requires the HSM tests (apt-get install softhsm2).",
    );
    process.exit(1);
  } else console.warn("!! SoftHSM2 not installed: SKIPPING the HSM key provider tests.");
} else if (ci) {
  console.error(
    `PostgreSQL is not reachable at ${postgresUrl.host}: CI requires both database paths.`,
  );
  process.exit(1);
} else {
  console.warn(
    `\n${"!".repeat(72)}\n!! PostgreSQL not reachable at ${postgresUrl.host}: SKIPPING the PostgreSQL integration half.\n!! Start it (see README) to run the full suite. CI never skips it.\n${"!".repeat(72)}\n`,
  );
}
steps.push({ name: "integration", cmd: ["node_modules/.bin/vitest", "run", ...projects] });
// Attack tests, fuzzing, sqlmap and the dependency gate (`npm run test:security`).
steps.push({
  name: "security",
  cmd: ["npm", "run", "--silent", "test:security"],
});

if (!existsSync(chromium)) {
  console.error(
    `Chromium not found at ${chromium}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`,
  );
  process.exit(1);
}
steps.push({ name: "e2e (Chromium)", cmd: ["node_modules/.bin/playwright", "test"] });

runSteps(steps);
