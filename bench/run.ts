// `npm run bench`: each benchmark on its own scratch database; results in bench/results.json.
import pg from "pg";
import { reloadEnv } from "@/lib/env";
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { disconnectDb } from "@/lib/server/db";
import {
  scratchPglite,
  scratchPostgres,
  type ScratchDatabase,
} from "../scripts/lib/scratch-database";
import { testSecrets } from "../tests/support/secrets";
import { benchCustomers } from "./customers.bench";
import { benchAuditAppends, benchLogin } from "./identity.bench";
import { benchAuditViewer } from "./audit-viewer.bench";
import { benchKeyRotation } from "./key-rotation.bench";
import { benchMirror } from "./mirror.bench";
import { benchHsm } from "./hsm.bench";
import { benchPartnerApi } from "./partner-api.bench";
import { writeSection } from "./support";

const POSTGRES =
  process.env.VEIL_BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * Between sections: the server writes out what the last section left dirty (a checkpoint) and
 * the machine gets a moment, so one section's aftermath (a dropped database, a server shutting
 * down, autovacuum) is not measured in the next.
 */
async function settle() {
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin
    .connect()
    .then(() => admin.query("CHECKPOINT"))
    .catch(() => undefined) // no PostgreSQL here: the pause alone
    .finally(() => admin.end().catch(() => undefined));
  await new Promise((r) => setTimeout(r, 3000));
}

async function onDatabase<T>(
  make: () => Promise<ScratchDatabase>,
  fn: () => Promise<T>,
): Promise<T> {
  await settle();
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
registerAlertRules(); // as every entry point does: alerts follow the audit trail

// `npm run bench -- audit partnerApi` runs only those sections (all by default).
const only = process.argv.slice(2);
const wanted = (name: string) => only.length === 0 || only.includes(name);

if (wanted("login")) {
  const login = await onDatabase(scratchPglite, () => benchLogin());
  console.log("login (bcrypt cost %d):", login.bcryptCost, login);
  writeSection("login", login);
}

// The audit figures the partner API section quotes are measured on PostgreSQL, in this run.
const auditPg =
  wanted("audit") || wanted("partnerApi")
    ? await onDatabase(
        () => scratchPostgres(POSTGRES),
        () => benchAuditAppends(),
      )
    : null;
if (auditPg && wanted("audit")) {
  console.log("audit appends on PostgreSQL:", auditPg);
  const auditPglite = await onDatabase(scratchPglite, () => benchAuditAppends(500, 4));
  console.log("audit appends on PGlite:", auditPglite);
  writeSection("auditAppends", { postgres: auditPg, pglite: auditPglite });
}
if (wanted("customers")) {
  const customersPglite = await onDatabase(scratchPglite, () => benchCustomers());
  console.log("customers on PGlite:", customersPglite);
  const customersPg = await onDatabase(
    () => scratchPostgres(POSTGRES),
    () => benchCustomers(),
  );
  console.log("customers on PostgreSQL:", customersPg);
  writeSection("customers", { pglite: customersPglite, postgres: customersPg });
}
if (wanted("partnerApi") && auditPg) {
  const partnerApi = await onDatabase(
    () => scratchPostgres(POSTGRES),
    () => benchPartnerApi(),
  );
  console.log("partner API on PostgreSQL:", partnerApi);
  writeSection("partnerApi", {
    ...partnerApi,
    audit_appends_per_s: auditPg.audit_appends_per_s,
    audit_vs_plain_insert_ratio: auditPg.audit_vs_plain_insert_ratio,
  });
}
if (wanted("mirror")) {
  await settle();
  const mirror = await benchMirror();
  console.log("Data Mirror:", mirror);
  writeSection("mirror", mirror);
}
if (wanted("keyRotation")) {
  const keyRotation = await onDatabase(
    () => scratchPostgres(POSTGRES),
    () => benchKeyRotation(),
  );
  console.log("key rotation on PostgreSQL:", keyRotation);
  writeSection("keyRotation", keyRotation);
}
if (wanted("hsm")) {
  const hsm = await onDatabase(
    () => scratchPostgres(POSTGRES),
    () => benchHsm(),
  );
  console.log("HSM (SoftHSM2) on PostgreSQL:", hsm);
  writeSection("hsm", hsm);
}
if (wanted("auditViewer")) {
  const auditViewer = await onDatabase(
    () => scratchPostgres(POSTGRES),
    () => benchAuditViewer(),
  );
  console.log("audit viewer on PostgreSQL (1M rows):", auditViewer);
  writeSection("auditViewer", auditViewer);
}
process.exit(0);
