import "server-only";
import { policySubject } from "@/lib/policy/field-policy";
import { appendAudit } from "@/lib/server/audit/append";
import type { Principal } from "@/lib/server/auth/principal";
import type { Tx } from "@/lib/server/db";
import { maskedViewColumns, maskRows } from "./masked-page";
import { fieldLevels } from "./masked-view";

/**
 * Customers' names as this viewer may see them (masked by their policy row), for lists that name
 * customers next to something else (approval queues). Audited like any list read. Customers that
 * no longer exist are simply absent from the map.
 */
export async function maskedCustomerNames(
  tx: Tx,
  actor: Principal,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const subject = policySubject(actor);
  const customers = await tx.customer.findMany({
    where: { id: { in: unique } },
    select: maskedViewColumns(subject, ["fullName"]),
  });
  if (!customers.length) return new Map();
  const masked = await maskRows(tx, subject, customers, ["fullName"]);
  await appendAudit(tx, {
    actor,
    action: "customer.list",
    targets: { type: "customer", ids: customers.map((c) => c.id) },
    fields: fieldLevels(subject, ["fullName"]),
  });
  return new Map(masked.map((m) => [m.id, m.fields.fullName.value ?? "Customer"]));
}

/** Staff names by id, for "asked by" / "decided by" columns. */
export async function staffNames(tx: Tx, ids: readonly (string | null)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  const users = unique.length
    ? await tx.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } })
    : [];
  return new Map(users.map((u) => [u.id, u.name]));
}
