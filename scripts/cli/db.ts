import { applyMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { seedCustomers, seedDemoData } from "@/lib/seed/demo";
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
        if (!Number.isInteger(n) || n < 1 || n > 1_000_000) throw new UsageError("--customers must be 1–1000000.");
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
