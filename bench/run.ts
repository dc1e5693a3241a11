// `npm run bench`: each benchmark on its own scratch database; results in bench/results.json.
import { reloadEnv } from "@/lib/env";
import { disconnectDb } from "@/lib/server/db";
import {
  scratchPglite,
  scratchPostgres,
  type ScratchDatabase,
} from "../scripts/lib/scratch-database";
import { testSecrets } from "../tests/support/secrets";
import { benchCustomers } from "./customers.bench";
import { benchAuditAppends, benchLogin } from "./identity.bench";
import { writeSection } from "./support";

const POSTGRES =
  process.env.VEIL_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function onDatabase<T>(
  make: () => Promise<ScratchDatabase>,
  fn: () => Promise<T>,
): Promise<T> {
  const database = await make();
  delete process.env.DATABASE_URL;
  delete process.env.VEIL_EMBEDDED_DATABASE_URL;
  Object.assign(process.env, database.env);
  reloadEnv();
  try {
    return await fn();
  } finally {
    await disconnectDb();
    await database.drop();
  }
}

Object.assign(process.env, testSecrets(), {
  NODE_ENV: "production",
  LOG_LEVEL: "silent",
  VEIL_FAST_HASH_FOR_TESTS: "",
});
delete process.env.REDIS_URL;

const login = await onDatabase(scratchPglite, () => benchLogin());
console.log("login (bcrypt cost %d):", login.bcryptCost, login);
writeSection("login", login);

const auditPg = await onDatabase(
  () => scratchPostgres(POSTGRES),
  () => benchAuditAppends(),
);
console.log("audit appends on PostgreSQL:", auditPg);
const auditPglite = await onDatabase(scratchPglite, () => benchAuditAppends(300, 4));
console.log("audit appends on PGlite:", auditPglite);
writeSection("auditAppends", { postgres: auditPg, pglite: auditPglite });
const customersPglite = await onDatabase(scratchPglite, () => benchCustomers());
console.log("customers on PGlite:", customersPglite);
const customersPg = await onDatabase(
  () => scratchPostgres(POSTGRES),
  () => benchCustomers(),
);
console.log("customers on PostgreSQL:", customersPg);
writeSection("customers", { pglite: customersPglite, postgres: customersPg });
process.exit(0);
