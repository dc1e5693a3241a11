import "server-only";
import { limit } from "@/lib/policy/limits";
import { FIELD_NAMES, LIST_FIELDS } from "@/lib/fields/catalogue";
import { Prisma } from "@/lib/generated/prisma/client";
import { EXACT_SEARCH_MODES, policySubject } from "@/lib/policy/field-policy";
import {
  listCustomersSchema,
  type CustomerRow,
  type MaskedCustomer,
} from "@/lib/schemas/customers";
import { appendAudit, serialiseFor } from "@/lib/server/audit/append";
import { SEARCH_ACTION } from "@/lib/server/audit/catalogue";
import { requireCapability, requiring, type Principal } from "@/lib/server/auth/principal";
import { autocommit, db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { parseInput } from "@/lib/server/validation";
import { unsafeReadAuditedPage } from "./audited-page";
import { unsafeCiphertextColumns } from "./ciphertexts";
import { maskedViewColumns, maskRows, plainColumns } from "./masked-page";
import { fieldLevels, fieldsToOpen } from "./masked-view";
import { authorizedSearch, exactSearchesUsed, searchWhere } from "./search";
import { visibleTo, visibleToSql } from "./visibility";

import { asCustomerId } from "./ids";

export { asCustomerId };

export { maskedViewColumns, maskRows, plainColumns };

export { searchModesFor } from "./search";
export { createCustomer, insertCustomers, updateCustomer } from "./write";

/**
 * A page of customers, masked for the viewer. Exact searches go through blind indexes (the
 * search value is never stored, logged or put in a URL); one audit row records the page read.
 */
export async function listCustomers(
  actor: Principal,
  query: unknown,
): Promise<{ rows: CustomerRow[]; total: number; page: number; pageSize: number }> {
  requireCapability(actor, "customers.read");
  const { page, pageSize, search: rawSearch } = parseInput(listCustomersSchema, query);
  const subject = policySubject(actor);
  const search = authorizedSearch(actor, subject, rawSearch);
  const { total, masked } = search
    ? await searchPage(actor, subject, search, page, pageSize)
    : await plainPage(actor, subject, page, pageSize);
  return {
    rows: masked.map((m) => ({
      id: m.id,
      createdAt: m.createdAt,
      fields: {
        fullName: m.fields.fullName,
        email: m.fields.email,
        pan: m.fields.pan,
        address: m.fields.address,
      },
    })),
    total,
    page,
    pageSize,
  };
}

/** The plain list (no search): page, keys and audit row in one statement (`audited-page.ts`). */
async function plainPage(actor: Principal, subject: string, page: number, pageSize: number) {
  const { masked, total } = await unsafeReadAuditedPage({
    where: visibleToSql(actor),
    orderBy: Prisma.sql`c."createdAt" DESC, c."id" ASC`,
    limit: pageSize,
    offset: (page - 1) * pageSize,
    ciphertexts: Object.keys(unsafeCiphertextColumns(fieldsToOpen(subject, LIST_FIELDS))),
    audit: {
      actor,
      action: "customer.list",
      targets: { type: "customer", ids: [] },
      fields: fieldLevels(subject, LIST_FIELDS),
    },
    withTotal: true,
    mask: (rows) => maskRows(autocommit(), subject, rows, LIST_FIELDS),
  });
  return { total: total ?? 0, masked };
}

/** A search: its budget, count, page and audit (a search event, hit or miss) in one transaction. */
async function searchPage(
  actor: Principal,
  subject: string,
  search: NonNullable<ReturnType<typeof authorizedSearch>>,
  page: number,
  pageSize: number,
) {
  const where = { AND: [visibleTo(actor), searchWhere(search)] };
  const budgeted = EXACT_SEARCH_MODES.includes(search.by) && actor.kind === "user";
  const budget = limit("exactSearches").count;
  // Read, decrypt, mask and audit in one transaction: no read without its audit row.
  const outcome = await db().$transaction(async (tx) => {
    if (budgeted && actor.kind === "user") {
      await serialiseFor(tx, `exact-search-budget:${actor.userId}`);
      if ((await exactSearchesUsed(tx, actor.userId)) >= budget) {
        // The alert rule raises one alert per user and hour for these refusals.
        await appendAudit(tx, {
          actor,
          action: SEARCH_ACTION(search.by),
          fields: [{ field: search.by, level: "exact_search" }],
          detail: { result: "over_budget" },
          outcome: "denied",
        });
        return null;
      }
    }
    const total = await tx.customer.count({ where });
    const rows = await tx.customer.findMany({
      where,
      select: maskedViewColumns(subject, LIST_FIELDS),
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const masked = await maskRows(tx, subject, rows, LIST_FIELDS);
    // A search is recorded as a search: which way, and whether it hit; never the value.
    await appendAudit(tx, {
      actor,
      targets: { type: "customer", ids: rows.map((r) => r.id) },
      fields: fieldLevels(subject, LIST_FIELDS),
      action: SEARCH_ACTION(search.by),
      detail: { result: total > 0 ? "hit" : "miss" },
    });
    return { total, masked };
  });
  if (!outcome)
    throw new AppError(
      "RATE_LIMITED",
      "exact search budget exceeded",
      `You have used this hour's ${budget} exact searches. An administrator has been alerted.`,
    );
  return outcome;
}

/** One customer, masked for the viewer; a miss (or an invalid id) is NOT_FOUND. Audited. */
export const getCustomer = requiring(
  "customers.read",
  async function getCustomer(actor: Principal, id: unknown): Promise<MaskedCustomer> {
    const customerId = asCustomerId(id);
    const subject = policySubject(actor);
    return db().$transaction(async (tx) => {
      const row = customerId
        ? await tx.customer.findFirst({
            where: { id: customerId, ...visibleTo(actor) },
            select: maskedViewColumns(subject, FIELD_NAMES),
          })
        : null;
      if (!row) throw new AppError("NOT_FOUND", "customer not found");
      const [customer] = await maskRows(tx, subject, [row], FIELD_NAMES);
      await appendAudit(tx, {
        actor,
        action: "customer.read",
        target: { type: "customer", id: row.id },
        fields: fieldLevels(subject),
      });
      return customer!;
    });
  },
);
