import { readFile } from "node:fs/promises";
import { periodLabel, retentionRules } from "@/lib/policy/retention";
import type { SystemPrincipal } from "@/lib/server/auth/principal";
import { verifyErasureCertificate } from "@/lib/server/gdpr/certificate";
import { applyRetention, planRetention, type RetentionPlan } from "@/lib/server/retention";
import { parseOptions, UsageError, type Command } from "./command";
import { progress } from "./progress";

const RETENTION: SystemPrincipal = { kind: "system", name: "retention" };

function printPlan(plan: RetentionPlan, dryRun: boolean) {
  const rules = new Map(retentionRules().map((r) => [r.id, r]));
  console.log(`Retention ${dryRun ? "dry run" : "run"} as of ${plan.asOf}:`);
  for (const item of plan.items) {
    const rule = rules.get(item.rule)!;
    console.log(
      `  ${item.records}: ${item.count} due (older than ${periodLabel(rule.days)} from ${rule.from}) → ${rule.then.split(":")[0]}`,
    );
    if (item.summary)
      for (const [action, n] of Object.entries(item.summary).sort(([, a], [, b]) => b - a))
        console.log(`      ${action}: ${n}`);
  }
}

export const gdprCommands: Command[] = [
  {
    name: "retention:run",
    usage: "retention:run [--dry-run] [--json]",
    summary:
      "Apply the retention policy (erase, archive or delete what is due); --dry-run only lists it.",
    help: "The policy is lib/policy/retention.ts (periods from VEIL_RETENTION_*), as published on /privacy. A dry run changes nothing and lists every due record (ids with --json); the real run acts on exactly that list, in audited batches, with progress on stderr. Archiving audit events needs the schema owner's connection (DATABASE_URL of the owner role).",
    async run(argv) {
      const o = parseOptions(argv, { "dry-run": { type: "boolean" }, json: { type: "boolean" } });
      const dryRun = Boolean(o["dry-run"]);
      const plan = await planRetention();
      if (!o.json) printPlan(plan, dryRun);
      if (dryRun) {
        if (o.json) console.log(JSON.stringify({ dryRun: true, ...plan }));
        return 0;
      }
      const total = plan.items.reduce((n, i) => n + i.count, 0);
      const bar = progress("Applying retention", total, !o.json && process.stderr.isTTY);
      const changed = await applyRetention(RETENTION, plan, (done) => {
        bar.update(done);
        if (!o.json && !process.stderr.isTTY) console.error(`progress ${done}/${total}`);
      });
      bar.stop();
      if (o.json) console.log(JSON.stringify({ dryRun: false, ...plan, changed }));
      else
        console.log(
          `Done: ${Object.entries(changed)
            .map(([rule, n]) => `${rule} ${n}`)
            .join(", ")}. Recorded in the audit trail (retention.run).`,
        );
      return 0;
    },
  },
  {
    name: "gdpr:verify-certificate",
    usage: "gdpr:verify-certificate --file CERT.json",
    summary:
      "Check an erasure certificate against the audit chain and the database; exit 0 when it holds, 2 when not.",
    async run(argv) {
      const o = parseOptions(argv, { file: { type: "string" } });
      if (!o.file) throw new UsageError("Give --file: the certificate downloaded from Approvals.");
      const text = await readFile(o.file, "utf8").catch(() => {
        throw new UsageError(`Cannot read ${o.file}.`);
      });
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* reported as not a certificate below */
      }
      const check = await verifyErasureCertificate(json);
      if (check.ok) {
        console.log(
          `Certificate holds: the erasure is audit row #${check.seq}, unchanged, in an intact chain; the customer no longer exists.`,
        );
        return 0;
      }
      console.error(`Certificate does NOT hold: ${check.reason}.`);
      return 2;
    },
  },
];
