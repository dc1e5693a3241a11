// One "app instance" for the shared-limit test: N partner requests with one token through the
// partner gate every API route runs (token, network, limits), tallied by outcome. (The route
// module itself pulls in the staff-session stack, which needs Next's runtime.)
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { disconnectDb } from "@/lib/server/db";
import { admitPartner } from "@/lib/server/partners/gate";
import { partnerFromAccessToken } from "@/lib/server/partners/tokens";

// As every entry point does at start: alerts follow the audit trail.
registerAlertRules();

const [count, token] = [Number(process.argv[2]), process.argv[3]!];
const tally: Record<string, number> = {};
for (let i = 0; i < count; i++) {
  const ctx = { ip: "198.51.100.30", requestId: null };
  const partner = await partnerFromAccessToken(token, ctx);
  const admission = partner
    ? await admitPartner(partner, new Request("http://localhost/api/v1/customers"))
    : null;
  const key = !admission
    ? "401"
    : !admission.refusal
      ? "200"
      : `${admission.refusal.status}:${admission.headers["Retry-After"] ? "retry" : "none"}`;
  tally[key] = (tally[key] ?? 0) + 1;
}
console.log(JSON.stringify(tally));
await disconnectDb();
process.exit(0);
