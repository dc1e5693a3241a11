import { applyMigrations } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { seedDemoData } from "@/lib/seed/demo";
import { parseOptions, type Command } from "./command";

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
    usage: "seed --demo",
    summary: "Seed demo data into an empty database (also on production databases, when asked).",
    async run(argv) {
      const opts = parseOptions(argv, { demo: { type: "boolean" } });
      if (!opts.demo) {
        console.error("Nothing to seed: pass --demo.");
        return 64;
      }
      const report = await seedDemoData();
      for (const line of [...report.seeded, ...report.notices]) console.log(line);
      return 0;
    },
  },
];
