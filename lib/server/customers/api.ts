import "server-only";
import { FIELD_NAMES } from "@/lib/fields/catalogue";
import { policySubject } from "@/lib/policy/field-policy";
import type { MaskedCustomer } from "@/lib/schemas/customers";
import { apiListQuerySchema, type ApiCustomer } from "@/lib/schemas/partner-api";
import { appendAudit } from "@/lib/server/audit/append";
import { requireCapability, type Principal } from "@/lib/server/auth/principal";
import { autocommit, db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { asCustomerId, maskedViewColumns, maskRows } from "./index";
import { fieldLevels } from "./masked-view";
import { visibleTo } from "./visibility";

// Customers as the versioned API serves them: keyset (cursor) pages, and the masked view with
// hidden fields left out entirely rather than sent as nulls.

/** The wire shape: only the fields the caller's profile shows, already masked. */
export function toApiCustomer(m: MaskedCustomer): ApiCustomer {
  const fields: Record<string, string> = {};
  for (const [name, v] of Object.entries(m.fields))
    if (v.level !== "hidden" && v.value !== null) fields[name] = v.value;
  return { id: m.id, createdAt: m.createdAt, updatedAt: m.updatedAt, fields };
}

type Position = { createdAt: Date; id: string };

const encodeCursor = (p: Position) =>
  Buffer.from(JSON.stringify([p.createdAt.toISOString(), p.id])).toString("base64url");

function decodeCursor(cursor: string): Position {
  try {
    const [at, rawId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    const id = asCustomerId(rawId);
    if (typeof at === "string" && !Number.isNaN(createdAt.getTime()) && id)
      return { createdAt, id };
  } catch {
    /* falls through to the generic refusal */
  }
  throw new AppError("VALIDATION", "bad cursor", "Use the nextCursor value of the previous page.", [
    { path: "query.cursor", message: "Use the nextCursor value of the previous page." },
  ]);
}

/** Newest first; a page continues strictly after the previous page's last row. */
export async function listCustomersPage(
  actor: Principal,
  query: unknown,
): Promise<{ data: ApiCustomer[]; nextCursor: string | null }> {
  requireCapability(actor, "customers.read");
  const { limit, cursor } = parseInput(apiListQuerySchema, query);
  const after = cursor ? decodeCursor(cursor) : null;
  const subject = policySubject(actor);
  // No transaction: a read changes nothing, and the audit row is durable before the page is
  // returned (if it cannot be written, nothing is). Two reads and one insert per page.
  const rows = await db().customer.findMany({
    where: {
      AND: [
        visibleTo(actor),
        after
          ? {
              OR: [
                { createdAt: { lt: after.createdAt } },
                { createdAt: after.createdAt, id: { lt: after.id } },
              ],
            }
          : {},
      ],
    },
    select: maskedViewColumns(subject, FIELD_NAMES),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const masked = await maskRows(db(), subject, page, FIELD_NAMES);
  await appendAudit(autocommit(), {
    actor,
    action: "customer.list",
    targets: { type: "customer", ids: masked.map((r) => r.id) },
    fields: fieldLevels(subject),
  });
  const last = page.at(-1);
  return {
    data: masked.map(toApiCustomer),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
