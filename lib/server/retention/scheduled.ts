import "server-only";
import { db } from "@/lib/server/db";
import { logger } from "@/lib/server/log";
import { applyRetention, planRetention } from "./index";

const RETENTION = { kind: "system", name: "retention" } as const;

/**
 * The retention job (VEIL_RETENTION_SCHEDULE): the policy's plan, carried out as `veil
 * retention:run` does. Archiving audit rows needs the schema owner; a worker on the application
 * role leaves that rule to the owner's run and says so. A retry after a crash plans again, so it
 * resumes where the last batch committed.
 */
export async function runScheduledRetention() {
  const plan = await planRetention();
  const [row] = await db().$queryRaw<{ owner: boolean }[]>`
    SELECT has_table_privilege('"AuditEvent"', 'DELETE') AS owner`;
  const owner = row?.owner === true;
  const audit = plan.items.find((i) => i.rule === "audit");
  if (!owner && audit?.count) {
    logger().info(
      { rule: "audit", due: audit.count },
      "retention: audit archiving needs the schema owner; run `veil retention:run` with its connection",
    );
  }
  const items = owner ? plan.items : plan.items.filter((i) => i.rule !== "audit");
  const changed = await applyRetention(RETENTION, { ...plan, items });
  logger().info({ changed }, "retention run");
  return changed;
}
