// `npm run test:security`: the attack tests, fuzzing and fault injection on both databases;
// sqlmap against the partner API and the sign-in form, and the MDN HTTP Observatory (A+ behind a
// loopback TLS front), both on a production build over PostgreSQL; and the dependency gate.
import { rawEnv } from "@/lib/env";
import { reachable, runSteps, type Step } from "./lib/steps";

const postgresUrl = new URL(
  rawEnv("VEIL_TEST_POSTGRES_URL") ?? "postgresql://postgres@127.0.0.1:5432/postgres",
);
if (!(await reachable(postgresUrl.hostname, Number(postgresUrl.port || 5432)))) {
  console.error(`PostgreSQL is not reachable at ${postgresUrl.host}: the security suite needs it.`);
  process.exit(1);
}
const tsx = [process.execPath, "--conditions=react-server", "--import", "tsx"];
const steps: Step[] = [
  {
    name: "attack tests and fuzzing",
    cmd: [
      "node_modules/.bin/vitest",
      "run",
      "--project",
      "security-pglite",
      "--project",
      "security-postgres",
    ],
  },
  { name: "sqlmap", cmd: [...tsx, "tests/security/sqlmap.scan.ts"] },
  { name: "HTTP Observatory (A+)", cmd: [...tsx, "tests/security/observatory.scan.ts"] },
  { name: "npm audit gate", cmd: [...tsx, "scripts/audit-gate.ts"] },
];
runSteps(steps);
