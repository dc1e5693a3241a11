// The audit viewer on a large trail: a filtered first page (the data-layer function the page calls,
// with its own audit row) against the bare newest-50 query, on the same table in the same run.
import { randomUUID } from "node:crypto";
import { withBackgroundSealingPaused } from "@/lib/server/audit/seal";
import { searchAudit } from "@/lib/server/audit/query";
import type { UserPrincipal } from "@/lib/server/auth/principal";
import { db } from "@/lib/server/db";
import { median, round, timeEach } from "./support";

/** Fills the trail with `rows` events over 90 days (mixed actions, 200 staff, 50k customers). */
async function fill(rows: number) {
  const batch = 100_000;
  for (let done = 0; done < rows; done += batch) {
    const first = done + 1;
    const last = Math.min(done + batch, rows);
    await db().$executeRaw`
      INSERT INTO "AuditEvent" ("id", "at", "actorType", "actorId", "action", "targetType",
        "targetId", "targetIds", "fields", "purpose", "outcome", "hashVersion")
      SELECT gen_random_uuid(),
        now() - (random() * interval '90 days'),
        'user',
        '00000000-0000-4000-8000-' || lpad((g % 200)::text, 12, '0'),
        (ARRAY['customer.list','customer.list','customer.read','customer.read','customer.read',
               'customer.search.name','auth.login','customer.reveal','customer.update',
               'customer.search.pan'])[1 + (g % 10)],
        'customer',
        '00000000-0000-4000-9000-' || lpad(((g * 7919) % 50000)::text, 12, '0'),
        CASE WHEN g % 10 < 2 THEN ARRAY[
          '00000000-0000-4000-9000-' || lpad(((g * 31) % 50000)::text, 12, '0'),
          '00000000-0000-4000-9000-' || lpad(((g * 37) % 50000)::text, 12, '0'),
          '00000000-0000-4000-9000-' || lpad(((g * 41) % 50000)::text, 12, '0')]::varchar[]
          ELSE ARRAY[]::varchar[] END,
        CASE WHEN g % 10 = 7 THEN '[{"field":"pan","level":"plain"}]'::jsonb
             ELSE '[{"field":"email","level":"partial"}]'::jsonb END,
        CASE WHEN g % 10 = 7 THEN 'fraud_investigation: CB-' || (g % 5000) ELSE NULL END,
        CASE WHEN g % 23 = 0 THEN 'denied' ELSE 'success' END,
        2
      FROM generate_series(${first}::bigint, ${last}::bigint) AS g`;
  }
  await db().$executeRaw`ANALYZE "AuditEvent"`;
}

export async function benchAuditViewer(rows = 1_000_000, samples = 25) {
  const admin: UserPrincipal = {
    kind: "user",
    userId: randomUUID(),
    email: "bench@veil.local",
    name: "Bench Admin",
    role: "ADMIN",
    stepUpAt: null,
    stepUpFactor: null,
    mfaSatisfied: true,
    ip: null,
    requestId: null,
  };
  return withBackgroundSealingPaused(async () => {
    const filled = performance.now();
    await fill(rows);
    const fillSeconds = (performance.now() - filled) / 1000;
    const customer = "00000000-0000-4000-9000-000000012345";
    const cases: Record<string, Record<string, string>> = {
      newest: {},
      byCustomer: { customer },
      byActorAndAction: {
        actor: "00000000-0000-4000-8000-000000000042",
        action: "customer.read",
      },
      revealOfCardByCustomer: { customer, action: "customer.reveal", field: "pan" },
      byCaseReference: { purpose: "CB-4321" },
      lastWeekDenied: {
        from: new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10),
        outcome: "denied",
      },
    };
    const bare = median(
      await timeEach(samples, () =>
        db().auditEvent.findMany({ orderBy: [{ at: "desc" }], take: 50, select: { id: true } }),
      ),
    );
    const results: Record<string, number> = {};
    for (const [name, filters] of Object.entries(cases)) {
      await searchAudit(admin, filters); // warm
      results[`${name}_ms`] = round(
        median(await timeEach(samples, () => searchAudit(admin, filters))),
      );
    }
    const slowest = Math.max(...Object.values(results));
    return {
      rows,
      fill_seconds: round(fillSeconds, 1),
      bare_newest_50_ms: round(bare),
      ...results,
      slowest_filtered_page_ms: slowest,
      slowest_vs_bare_ratio: round(slowest / bare, 1),
      target_ms: 200,
      pass: slowest < 200,
    };
  });
}
