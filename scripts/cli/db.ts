import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/lib/db/migrate";
import { appRoleSql } from "@/lib/db/roles";
import { env, rawEnv } from "@/lib/env";
import { seedCustomers, seedDemoData } from "@/lib/server/seed/demo";
import { parseOptions, UsageError, type Command } from "./command";
import { progress } from "./progress";

function migrateUrl() {
  const e = env();
  return e.DATABASE_MIGRATE_URL ?? e.DATABASE_URL ?? e.VEIL_EMBEDDED_DATABASE_URL!;
}

export const dbCommands: Command[] = [
  {
    name: "db:migrate",
    usage: "db:migrate",
    summary: "Apply pending migrations (idempotent; what `npm start` does first).",
    async run(argv) {
      parseOptions(argv, {});
      const applied = await applyMigrations(migrateUrl());
      console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
      return 0;
    },
  },
  {
    name: "seed",
    usage: "seed --demo | --customers N",
    summary: "Seed demo data into an empty database, or add N fake customers (benchmarks).",
    async run(argv) {
      const opts = parseOptions(argv, { demo: { type: "boolean" }, customers: { type: "string" } });
      if (opts.customers !== undefined) {
        const n = Number(opts.customers);
        if (!Number.isInteger(n) || n < 1 || n > 1_000_000)
          throw new UsageError("--customers must be 1–1000000.");
        const bar = progress("Seeding", n);
        await seedCustomers(n, (done) => bar.update(done));
        bar.stop();
        console.log(`Added ${n} fake customers.`);
        return 0;
      }
      if (!opts.demo) {
        console.error("Nothing to seed: pass --demo or --customers N.");
        return 64;
      }
      const report = await seedDemoData();
      for (const line of [...report.seeded, ...report.notices]) console.log(line);
      return 0;
    },
  },
];

dbCommands.push({
  name: "db:roles",
  usage: "db:roles [--apply] [--app-role NAME]",
  summary:
    "Print (or, with --apply, run as the owner) the SQL creating the restricted application role.",
  help: "Password from VEIL_APP_DB_PASSWORD, or generated and printed once. Connects with DATABASE_MIGRATE_URL (or DATABASE_URL). Then point DATABASE_URL at the new role.",
  async run(argv) {
    const o = parseOptions(argv, { apply: { type: "boolean" }, "app-role": { type: "string" } });
    const role = o["app-role"] ?? "veil_app";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
      throw new UsageError("--app-role must be a lower-case SQL identifier.");
    const given = rawEnv("VEIL_APP_DB_PASSWORD");
    const password = given || randomBytes(24).toString("base64url");
    const url = new URL(migrateUrl());
    const client = new pg.Client({ connectionString: migrateUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; owner: string }>(
        "SELECT current_database() AS db, current_user AS owner",
      );
      const sql = appRoleSql({ role, password, database: rows[0]!.db, owner: rows[0]!.owner });
      if (!o.apply) {
        console.log(
          sql.replace(
            `PASSWORD '${password.replace(/'/g, "''")}'`,
            "PASSWORD '<set with VEIL_APP_DB_PASSWORD>'",
          ),
        );
        return 0;
      }
      await client.query(sql);
      url.username = role;
      url.password = "";
      console.log(
        `Role ${role} is ready. Use DATABASE_URL=${url.toString().replace(`${role}@`, `${role}:<password>@`)}`,
      );
      if (!given) console.log(`Password (shown once): ${password}`);
      return 0;
    } finally {
      await client.end();
    }
  },
});
