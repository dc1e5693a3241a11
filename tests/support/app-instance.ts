// One long-lived "app instance" for the cross-instance tests: its own process, caches and (without
// REDIS_URL) its own in-process store, on the test database. It answers one JSON line per JSON
// command on stdin, so a test can act on one instance and check the other while both stay warm.
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { createInterface } from "node:readline";
import { countTowardsAlert } from "@/lib/server/alerts/rate-rules";
import { attemptLogin } from "@/lib/server/auth/login";
import { disconnectDb } from "@/lib/server/db";
import { admitPartner } from "@/lib/server/partners/gate";
import { partnerFromAccessToken, revokeAccessToken } from "@/lib/server/partners/tokens";

// As every entry point does at start: alerts follow the audit trail.
registerAlertRules();

export type InstanceCommand =
  | { op: "call"; token: string }
  | { op: "revoke"; token: string; partnerId: string }
  | { op: "login"; email: string; password: string; ip: string; altcha?: string }
  | { op: "read"; userId: string; records: number };

async function answer(c: InstanceCommand): Promise<unknown> {
  switch (c.op) {
    case "call": {
      // What every partner route runs before its handler: the token, then network and limits.
      const partner = await partnerFromAccessToken(c.token, {
        ip: "198.51.100.40",
        requestId: null,
      });
      if (!partner) return 401;
      const admission = await admitPartner(
        partner,
        new Request("http://localhost/api/v1/customers"),
      );
      return admission.refusal?.status ?? 200;
    }
    case "revoke":
      return revokeAccessToken(c.token, c.partnerId);
    case "login": {
      const r = await attemptLogin(
        { email: c.email, password: c.password, altcha: c.altcha },
        { ip: c.ip, userAgent: "instance", requestId: null },
      );
      return r.ok ? "ok" : r.code;
    }
    case "read":
      // What every audited read of `records` customers by a user adds to the bulk-read rule.
      await countTowardsAlert("bulk_read", { type: "user", id: c.userId }, c.records);
      return "counted";
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const result = await answer(JSON.parse(line) as InstanceCommand).catch(
    (err: unknown) => `error: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.stdout.write(JSON.stringify({ result }) + "\n");
}
await disconnectDb();
process.exit(0);
