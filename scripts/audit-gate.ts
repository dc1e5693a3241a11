// `npm audit --omit=dev` at high severity, with the accepted advisories of audit-allowlist.json.
// Fails on any high or critical advisory in a production dependency that is not accepted (or
// whose acceptance has lapsed). Where the registry serves no advisory data (this offline
// workplace's mirror answers the bulk endpoint with 405), it says so plainly and does not pass
// silently as "no advisories".
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { judgeAudit, type AllowedAdvisory, type AuditReport } from "./lib/audit-gate";

const allow = (
  JSON.parse(readFileSync(new URL("./audit-allowlist.json", import.meta.url), "utf8")) as {
    accepted: AllowedAdvisory[];
  }
).accepted;
const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8" });
let report: AuditReport;
try {
  report = JSON.parse(run.stdout) as AuditReport;
} catch {
  report = {};
}
const verdict = judgeAudit(report, allow, new Date());
switch (verdict.kind) {
  case "unavailable":
    console.log(`npm audit gate: NOT RUN — no advisory data (${verdict.why}).`);
    break;
  case "pass":
    console.log(
      `npm audit gate: 0 blocking advisories${verdict.accepted.length ? `; accepted: ${verdict.accepted.join(", ")}` : ""}`,
    );
    break;
  case "fail":
    for (const b of verdict.blocking)
      console.error(`✖ ${b.severity} ${b.package}: ${b.title} (${b.url})`);
    console.error(`npm audit gate: ${verdict.blocking.length} blocking advisories`);
    process.exit(1);
}
