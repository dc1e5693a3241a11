import { archiveAuditBefore } from "@/lib/server/audit/retention";
import { verifyAuditChain } from "@/lib/server/audit/verify";
import { parseOptions, UsageError, type Command } from "./command";

export const auditCommands: Command[] = [
  {
    name: "audit:verify",
    usage: "audit:verify",
    summary: "Recompute the audit hash chain; exit 0 when intact, 2 naming the first broken seq.",
    async run(argv) {
      parseOptions(argv, {});
      const report = await verifyAuditChain();
      if (report.ok) {
        console.log(
          `Audit chain intact: ${report.checked} event(s), head at seq ${report.headSeq}.`,
        );
        if (report.unsealed)
          console.log(
            `${report.unsealed} committed event(s) not sealed yet (oldest ${report.oldestUnsealedSeconds}s)${(report.oldestUnsealedSeconds ?? 0) > 60 ? ": the sealer is not keeping up or not running; investigate" : ""}.`,
          );
        return 0;
      }
      console.error(
        `Audit chain BROKEN at seq ${report.brokenSeq}: ${report.reason} (${report.checked} event(s) verified before it).`,
      );
      return 2;
    },
  },
];

auditCommands.push({
  name: "audit:archive",
  usage: "audit:archive --before YYYY-MM-DD",
  summary:
    "Retention: move older audit events to the archive behind a signed checkpoint (run as the schema owner).",
  help: "Connects with DATABASE_MIGRATE_URL (the owner role): the application role cannot remove audit rows. The chain stays verifiable; the archive itself is kept intact.",
  async run(argv) {
    const o = parseOptions(argv, { before: { type: "string" } });
    const before =
      o.before && /^\d{4}-\d{2}-\d{2}$/.test(o.before) ? new Date(`${o.before}T00:00:00Z`) : null;
    if (!before || Number.isNaN(before.getTime()))
      throw new UsageError("--before must be a date, YYYY-MM-DD.");
    if (before > new Date()) throw new UsageError("--before cannot be in the future.");
    const r = await archiveAuditBefore({ kind: "system", name: "retention" }, before);
    console.log(
      r.throughSeq === null
        ? "Nothing older than that to archive."
        : `Archived ${r.archived} event(s) through seq ${r.throughSeq}; the live chain now starts after a signed checkpoint.`,
    );
    return 0;
  },
});
