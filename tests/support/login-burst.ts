// One "app instance" for the shared-limit test: N sign-in attempts from one IP, counted by result.
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { attemptLogin } from "@/lib/server/auth/login";
import { disconnectDb } from "@/lib/server/db";

// As every entry point does at start: alerts follow the audit trail.
registerAlertRules();

const [count, email, ip] = [Number(process.argv[2]), process.argv[3]!, process.argv[4]!];
const tally: Record<string, number> = {};
for (let i = 0; i < count; i++) {
  const r = await attemptLogin(
    { email, password: `wrong-${i}` },
    { ip, userAgent: "burst", requestId: null },
  );
  const key = r.ok ? "ok" : r.code;
  tally[key] = (tally[key] ?? 0) + 1;
}
console.log(JSON.stringify(tally));
await disconnectDb();
process.exit(0);
