// One long-lived "app instance" for the cross-instance tests: its own process, caches and (without
// REDIS_URL) its own in-process store, on the test database. It answers one JSON line per JSON
// command on stdin, so a test can act on one instance and check the other while both stay warm.
import { registerAlertRules } from "@/lib/server/alerts/subscribe";
import { createInterface } from "node:readline";
import { raiseAlert } from "@/lib/server/alerts/raise";
import { appendAudit } from "@/lib/server/audit/append";
import { startJobRunner, stopJobRunner } from "@/lib/server/jobs/runner";
import { countTowardsAlert } from "@/lib/server/alerts/rate-rules";
import { attemptLogin } from "@/lib/server/auth/login";
import { unwrapDataKey } from "@/lib/server/customers/ciphertexts";
import { shredCustomers } from "@/lib/server/customers/shred";
import { keyProvider } from "@/lib/server/crypto/key-provider";
import { db, disconnectDb } from "@/lib/server/db";
import { unsafeWrappedKeys } from "@/lib/server/secret-accessors";
import { admitPartner } from "@/lib/server/partners/gate";
import { partnerFromAccessToken, revokeAccessToken } from "@/lib/server/partners/tokens";

// As every entry point does at start: alerts follow the audit trail; and, when the test gives
// this instance a part in background jobs (VEIL_JOBS), the job runner as the server starts it.
registerAlertRules();
if (process.env.VEIL_JOBS) await startJobRunner();

export type InstanceCommand =
  | { op: "call"; token: string }
  | { op: "revoke"; token: string; partnerId: string }
  | { op: "login"; email: string; password: string; ip: string; altcha?: string }
  | { op: "read"; userId: string; records: number }
  | { op: "cacheKey"; customerId: string }
  | { op: "cached"; customerId: string }
  | { op: "erase"; customerId: string }
  | { op: "raise"; count: number; tag: string };

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
    case "cacheKey": {
      // What any page showing the customer does first: unwrap its data key (then cached).
      const [row] = await db().$transaction((tx) => unsafeWrappedKeys(tx, [c.customerId]));
      if (!row) return "no such customer";
      const key = await unwrapDataKey(row);
      key.fill(0);
      return keyProvider().holds(c.customerId);
    }
    case "cached":
      return keyProvider().holds(c.customerId);
    case "raise":
      // An audited admin change that raises an alert, as the alert rules do: `count` of them,
      // each its own transaction (audit row and alert durable together).
      for (let i = 0; i < c.count; i++)
        await db().$transaction(async (tx) => {
          await appendAudit(tx, {
            actor: { kind: "system", name: "instance" },
            action: "alert.settings_change",
            detail: { changed: { [c.tag]: i } },
          });
          await raiseAlert(tx, {
            kind: "test_takeover",
            severity: "low",
            message: `${c.tag} ${i}`,
          });
        });
      return c.count;
    case "erase":
      // The crypto-shred at the heart of every erasure path.
      return (await db().$transaction((tx) => shredCustomers(tx, [c.customerId]))).length;
  }
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const result = await answer(JSON.parse(line) as InstanceCommand).catch(
    (err: unknown) => `error: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.stdout.write(JSON.stringify({ result }) + "\n");
}
await stopJobRunner();
await disconnectDb();
process.exit(0);
