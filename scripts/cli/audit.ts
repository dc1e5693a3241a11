import { verifyAuditChain } from "@/lib/server/audit/verify";
import { parseOptions, type Command } from "./command";

export const auditCommands: Command[] = [
  {
    name: "audit:verify",
    usage: "audit:verify",
    summary: "Recompute the audit hash chain; exit 0 when intact, 2 naming the first broken seq.",
    async run(argv) {
      parseOptions(argv, {});
      const report = await verifyAuditChain();
      if (report.ok) {
        console.log(`Audit chain intact: ${report.checked} event(s), head at seq ${report.headSeq}.`);
        return 0;
      }
      console.error(`Audit chain BROKEN at seq ${report.brokenSeq}: ${report.reason} (${report.checked} event(s) verified before it).`);
      return 2;
    },
  },
];
